// rbac end to end: the role found through the DaemonSet's service account gets the transitional rules (Calico v2.5's
// CRD rule added, v2.4's TPR rules kept) with every unrelated rule kept, idempotent, guarded; --revert removes exactly
// what rbac added, with or without a backup, and never overwrites a concurrent change.
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type Cluster } from '../cluster/index.js';
import { CALICO_V24_RULES, CALICO_V25_RULES, FLANNEL_RULES } from '../cluster/scenarios/rbac-data.js';
import { runCli } from '../support/cli.js';
import { nonReviewWrites } from '../support/state.js';
import { addCalicoNodeDaemonSet } from '../support/calico-nodes.js';
import { withCluster } from '../support/harness.js';

const ROLES = { group: 'rbac.authorization.k8s.io', version: 'v1beta1', resource: 'clusterroles' };
const ADDED = 'calico-migrate.projectcalico.org/added-rules';
const CRD_RULE = CALICO_V25_RULES.at(-1)!;
const TRANSITIONAL = [...CALICO_V24_RULES, CRD_RULE];
const role = (c: Cluster, name: string) => c.state.get({ ...ROLES, name })!;
const setRules = (c: Cluster, name: string, rules: unknown[]) => c.state.update({ ...ROLES, name }, { ...role(c, name), rules: structuredClone(rules) });
/** A role minus what the server assigns: what "byte for byte" compares. */
const content = (r: any) => {
  const { resourceVersion, uid, creationTimestamp, selfLink, generation, namespace, ...metadata } = r.metadata;
  return JSON.stringify({ metadata, rules: r.rules, aggregationRule: r.aggregationRule });
};
const rolePuts = (c: Cluster, name: string) => nonReviewWrites(c).filter((w) => w === `PUT /apis/rbac.authorization.k8s.io/v1beta1/clusterroles/${name}`);


test('calico: the v2.4 TPR rules stay and the v2.5 CRD rule is added and recorded; a second run changes nothing; --revert (no backup) restores the original byte for byte', () => withCluster('calico-v2.4', async (c, cli) => {
  const original = content(role(c, 'calico-node'));

  const r = await cli('rbac', '-y');
  assert.is(r.code, 0, r.stderr);
  assert.equal(role(c, 'calico-node').rules, TRANSITIONAL);
  assert.equal(JSON.parse(role(c, 'calico-node').metadata.annotations![ADDED]!), [CRD_RULE]);
  assert.not.match(r.stdout, /^- /m, 'nothing is removed');
  assert.match(r.stdout, /^\+ apiGroups: \[crd\.projectcalico\.org\]/m);
  assert.match(r.stdout, /^  apiGroups: \[extensions\] resources: \[thirdpartyresources\]/m);
  assert.is(rolePuts(c, 'calico-node').length, 1);

  const writes = nonReviewWrites(c).length;
  const again = await cli('rbac', '-o', 'json'); // no -y needed: nothing to change, so nothing to confirm
  assert.is(again.code, 0, again.stderr);
  assert.is(nonReviewWrites(c).length, writes, 'a second run writes nothing');
  assert.equal(JSON.parse(again.stdout).roles.map((x: any) => x.result), ['unchanged']);

  const back = await cli('rbac', '--revert', '-y');
  assert.is(back.code, 0, back.stderr);
  assert.is(content(role(c, 'calico-node')), original);
  const none = await cli('rbac', '--revert', '-y');
  assert.is(none.code, 0, none.stderr);
  assert.match(none.stdout, /Nothing to undo/);
  assert.is(rolePuts(c, 'calico-node').length, 2, 'a second revert writes nothing');
}));

test('--revert --backup: a role an earlier rbac rewrote to the v2.5 rules (no record) is put back from the backup', () => withCluster('calico-v2.4', async (c, cli, dir) => {
  const backupDir = path.join(dir, 'bk');
  assert.is((await cli('backup', '-d', backupDir)).code, 0);
  const original = content(role(c, 'calico-node'));
  setRules(c, 'calico-node', CALICO_V25_RULES);
  const back = await cli('rbac', '--revert', '--backup', backupDir, '-y');
  assert.is(back.code, 0, back.stderr);
  assert.is(content(role(c, 'calico-node')), original);
}));

test('canal: the "calico" role gets the transitional rules, the "flannel" role bound to the same account is left exactly as it was', () => withCluster('canal-v2.4', async (c, cli) => {
  const flannel = JSON.stringify(role(c, 'flannel'));
  const r = await cli('rbac', '-y', '-o', 'json');
  assert.is(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.daemonSet, { namespace: 'kube-system', name: 'canal', serviceAccount: 'canal', bindings: ['canal-calico', 'canal-flannel'] });
  assert.equal(report.untouched, ['flannel']);
  assert.equal(role(c, 'calico').rules, TRANSITIONAL);
  assert.is(JSON.stringify(role(c, 'flannel')), flannel);
  assert.equal(role(c, 'flannel').rules, FLANNEL_RULES);
}));

test('unrelated rules are kept where they are, the TPR rules too; the CRD rule goes last', () => withCluster('calico-v2.4', async (c, cli) => {
  const extra = { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['get', 'list'] };
  const mixed = { apiGroups: ['projectcalico.org', 'example.com'], resources: ['ippools'], verbs: ['get'] };
  setRules(c, 'calico-node', [extra, ...CALICO_V24_RULES, mixed]);
  const r = await cli('rbac', '-y');
  assert.is(r.code, 0, r.stderr);
  assert.equal(role(c, 'calico-node').rules, [extra, ...CALICO_V24_RULES, mixed, CRD_RULE]);
}));

test('the official procedure\'s v2.5 role applied while calico/node v2.4 runs: check says broken (exit 2, fix rbac); rbac gives the TPR rules back', () => withCluster('calico-v2.4', async (c, cli) => {
  assert.is((await cli('migrate')).code, 0);
  setRules(c, 'calico-node', CALICO_V25_RULES);
  const broken = await cli('check', '-o', 'json');
  assert.is(broken.code, 2, broken.stderr);
  assert.match(JSON.parse(broken.stdout).verdict.next.join('\n'), /^kubectl calico-migrate .*rbac$/);
  const r = await cli('rbac', '-y');
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /calico-node\s+updated\s+v2\.4's TPR rules given back until cleanup/);
  assert.equal(role(c, 'calico-node').rules, [...CALICO_V25_RULES, ...CALICO_V24_RULES.filter((x) => !CALICO_V25_RULES.some((y) => JSON.stringify(x) === JSON.stringify(y)))]);
  const fixed = await cli('check', '-o', 'json');
  assert.is(fixed.code, 0, fixed.stdout);
  assert.is(JSON.parse(fixed.stdout).state, 'rbac-updated');
}));

test('--revert never overwrites a concurrent change: a rule added during the write survives (409, re-read, only rbac\'s rule removed)', () => withCluster('calico-v2.4', async (c, cli, dir) => {
  const backupDir = path.join(dir, 'bk');
  assert.is((await cli('backup', '-d', backupDir)).code, 0);
  assert.is((await cli('rbac', '-y')).code, 0);
  const operators = { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] };
  const writer = c.onRequest({ method: 'PUT', path: '/apis/rbac.authorization.k8s.io/v1beta1/clusterroles/calico-node' }, (store) => {
    const live = store.get({ ...ROLES, name: 'calico-node' })!;
    store.update({ ...ROLES, name: 'calico-node' }, { ...live, rules: [...(live.rules as object[]), operators] });
  });
  const back = await cli('rbac', '--revert', '--backup', backupDir, '-y');
  assert.is(back.code, 0, back.stderr);
  assert.is(writer.fired, 1);
  assert.equal(role(c, 'calico-node').rules, [...CALICO_V24_RULES, operators]);
  assert.is(role(c, 'calico-node').metadata.annotations?.[ADDED], undefined);
}));

test('--revert reports a conflict and writes nothing when rbac\'s rule was changed meanwhile (exit 1), with or without a backup', () => withCluster('calico-v2.4', async (c, cli, dir) => {
  const backupDir = path.join(dir, 'bk');
  assert.is((await cli('backup', '-d', backupDir)).code, 0);
  assert.is((await cli('rbac', '-y')).code, 0);
  const widened = { ...CRD_RULE, verbs: [...CRD_RULE.verbs, 'delete'] };
  c.onRequest({ method: 'PUT', path: '/apis/rbac.authorization.k8s.io/v1beta1/clusterroles/calico-node' }, (store) => {
    const live = store.get({ ...ROLES, name: 'calico-node' })!;
    store.update({ ...ROLES, name: 'calico-node' }, { ...live, rules: [...CALICO_V24_RULES, widened] });
  });
  const raced = await cli('rbac', '--revert', '--backup', backupDir, '-y', '-o', 'json');
  assert.is(raced.code, 1, raced.stderr);
  assert.equal(JSON.parse(raced.stdout).roles.map((x: any) => x.result), ['conflict']);
  assert.equal(role(c, 'calico-node').rules, [...CALICO_V24_RULES, widened], 'the other writer\'s role is left as it is');
  const puts = rolePuts(c, 'calico-node').length;
  const plain = await cli('rbac', '--revert', '-y');
  assert.is(plain.code, 1, plain.stderr);
  assert.match(plain.stdout, /calico-node\s+conflict\s+the rule rbac added was changed since/);
  assert.is(rolePuts(c, 'calico-node').length, puts, 'no write');
}));

test('--revert refuses (exit 2, no write) while calico/node v2.5 runs anywhere: it would lose its CRD access', () => withCluster('calico-v2.4', async (c, cli, dir) => {
  const backupDir = path.join(dir, 'bk');
  assert.is((await cli('backup', '-d', backupDir)).code, 0);
  assert.is((await cli('rbac', '-y')).code, 0);
  c.state.setDaemonSetImage('kube-system', 'calico-node', 'calico-node', 'quay.io/calico/node:v2.5.1');
  const puts = rolePuts(c, 'calico-node').length;
  for (const argv of [['rbac', '--revert', '-y'], ['rbac', '--revert', '--backup', backupDir, '-y']]) {
    const r = await cli(...argv);
    assert.is(r.code, 2, r.stderr);
    assert.match(r.stderr, /calico-node runs quay\.io\/calico\/node:v2\.5\.1/);
  }
  assert.is(rolePuts(c, 'calico-node').length, puts);
  assert.equal(role(c, 'calico-node').rules, TRANSITIONAL);
}));

test('--revert refuses an unversioned calico/node image in any namespace\'s DaemonSet (it may be v2.5), and one that moves to v2.5 while the prompt waits', () => withCluster('calico-v2.4', async (c, cli) => {
  assert.is((await cli('rbac', '-y')).code, 0);
  const puts = rolePuts(c, 'calico-node').length;
  addCalicoNodeDaemonSet(c, 'calico-canary', 'quay.io/calico/node:latest');
  const unversioned = await cli('rbac', '--revert', '-y');
  assert.is(unversioned.code, 2, unversioned.stderr);
  assert.match(unversioned.stderr, /DaemonSet calico-canary\/calico-node runs quay\.io\/calico\/node:latest.*\(an image tag that is not a version may be v2\.5\): Calico v2\.5 reads the CRDs, so taking the CRD rule from its role would cut it off/);
  c.state.delete({ group: 'extensions', version: 'v1beta1', resource: 'daemonsets', namespace: 'calico-canary', name: 'calico-node' });
  let asked = '';
  const late = await runCli(['--kubeconfig', c.kubeconfigPath, 'rbac', '--revert'], { answer: (question) => {
    asked = question;
    c.state.setDaemonSetImage('kube-system', 'calico-node', 'calico-node', 'quay.io/calico/node:v2.5.1');
    return 'y';
  } });
  assert.match(asked, /^Remove what rbac added from ClusterRole calico-node\?/);
  assert.is(late.code, 2, late.stderr);
  assert.match(late.stderr, /DaemonSet kube-system\/calico-node runs quay\.io\/calico\/node:v2\.5\.1/);
  assert.is(rolePuts(c, 'calico-node').length, puts);
  assert.equal(role(c, 'calico-node').rules, TRANSITIONAL);
}));

test('--dry-run shows the diff and writes nothing; without -y and without a terminal it refuses (exit 2), writing nothing', () => withCluster('calico-v2.4', async (c, cli) => {
  const dry = await cli('rbac', '--dry-run');
  assert.is(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /calico-node\s+would update/);
  assert.match(dry.stdout, /^\+ apiGroups: \[crd\.projectcalico\.org\]/m);
  assert.match(dry.stdout, 'Dry run: nothing was written.');
  const refused = await cli('rbac');
  assert.is(refused.code, 2);
  assert.match(refused.stderr, /--yes/);
  assert.equal(nonReviewWrites(c), []);
  assert.equal(role(c, 'calico-node').rules, CALICO_V24_RULES);
}));

test('refusals: --backup without --revert (exit 4), a cluster without a calico/node DaemonSet (exit 2); no writes', async () => {
  await withCluster('calico-v2.4', async (c, cli, dir) => {
    const r = await cli('rbac', '--backup', dir, '-y');
    assert.is(r.code, 4);
    assert.equal(nonReviewWrites(c), []);
  });
  await withCluster('empty-1.7', async (c, cli) => {
    const r = await cli('rbac', '-y');
    assert.is(r.code, 2);
    assert.match(r.stderr, /no DaemonSet running calico\/node in namespace kube-system/);
    assert.equal(nonReviewWrites(c), []);
  });
});

test.run();
