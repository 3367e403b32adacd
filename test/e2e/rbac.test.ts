// rbac end to end: the role found through the DaemonSet's service account, rewritten to the v2.5 rules with every
// unrelated rule kept, idempotent, guarded, and --revert putting back the backed-up role exactly.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startCluster, type Cluster } from '../cluster/index.js';
import { CALICO_V25_RULES, FLANNEL_RULES } from '../cluster/scenarios/rbac-data.js';
import { runCli } from '../support/cli.js';
import { nonReviewWrites } from '../support/state.js';

const ROLES = { group: 'rbac.authorization.k8s.io', version: 'v1beta1', resource: 'clusterroles' };
const role = (c: Cluster, name: string) => c.state.get({ ...ROLES, name })!;
/** A role minus what the server assigns: what "byte for byte" compares. */
const content = (r: any) => {
  const { resourceVersion, uid, creationTimestamp, selfLink, generation, namespace, ...metadata } = r.metadata;
  return JSON.stringify({ metadata, rules: r.rules, aggregationRule: r.aggregationRule });
};

async function withCluster(scenario: string, fn: (c: Cluster, cli: (...a: string[]) => ReturnType<typeof runCli>, dir: string) => Promise<void>): Promise<void> {
  const cluster = await startCluster({ scenario: scenario as never });
  const dir = mkdtempSync(path.join(tmpdir(), 'rbac-test-'));
  try {
    await fn(cluster, (...a) => runCli(['--kubeconfig', cluster.kubeconfigPath, ...a]), dir);
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('calico: the rules become exactly the v2.5 set; a second run changes nothing; --revert restores the original byte for byte', () => withCluster('calico-v2.4', async (c, cli, dir) => {
  const backupDir = path.join(dir, 'bk');
  assert.is((await cli('backup', '-d', backupDir)).code, 0);
  const original = content(role(c, 'calico-node'));

  const r = await cli('rbac', '-y');
  assert.is(r.code, 0, r.stderr);
  assert.equal(role(c, 'calico-node').rules, CALICO_V25_RULES);
  assert.match(r.stdout, /^- apiGroups: \[extensions\] resources: \[thirdpartyresources\]/m);
  assert.match(r.stdout, /^\+ apiGroups: \[crd\.projectcalico\.org\]/m);
  assert.is(nonReviewWrites(c).filter((w) => w.startsWith('PUT /apis/rbac.authorization.k8s.io/v1beta1/clusterroles/calico-node')).length, 1);

  const writes = nonReviewWrites(c).length;
  const again = await cli('rbac', '-o', 'json'); // no -y needed: nothing to change, so nothing to confirm
  assert.is(again.code, 0, again.stderr);
  assert.is(nonReviewWrites(c).length, writes, 'a second run writes nothing');
  assert.equal(JSON.parse(again.stdout).roles.map((x: any) => x.result), ['unchanged']);

  const back = await cli('rbac', '--revert', '--backup', backupDir, '-y');
  assert.is(back.code, 0, back.stderr);
  assert.is(content(role(c, 'calico-node')), original);
}));

test('canal: the "calico" role is rewritten, the "flannel" role bound to the same account is left exactly as it was', () => withCluster('canal-v2.4', async (c, cli) => {
  const flannel = JSON.stringify(role(c, 'flannel'));
  const r = await cli('rbac', '-y', '-o', 'json');
  assert.is(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.daemonSet, { namespace: 'kube-system', name: 'canal', serviceAccount: 'canal', bindings: ['canal-calico', 'canal-flannel'] });
  assert.equal(report.untouched, ['flannel']);
  assert.equal(role(c, 'calico').rules, CALICO_V25_RULES);
  assert.is(JSON.stringify(role(c, 'flannel')), flannel);
  assert.equal(role(c, 'flannel').rules, FLANNEL_RULES);
}));

test('unrelated rules are kept where they are; a multi-group rule loses only its TPR grant', () => withCluster('calico-v2.4', async (c, cli) => {
  const live = role(c, 'calico-node');
  const extra = { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['get', 'list'] };
  const mixed = { apiGroups: ['projectcalico.org', 'example.com'], resources: ['ippools'], verbs: ['get'] };
  c.state.update({ ...ROLES, name: 'calico-node' }, { ...live, rules: [extra, ...(live.rules as object[]), mixed] });
  const r = await cli('rbac', '-y');
  assert.is(r.code, 0, r.stderr);
  const [core, crd] = [CALICO_V25_RULES.slice(0, -1), CALICO_V25_RULES.at(-1)];
  assert.equal(role(c, 'calico-node').rules, [extra, ...core, { apiGroups: ['example.com'], resources: ['ippools'], verbs: ['get'] }, crd]);
}));

test('--dry-run shows the diff and writes nothing; without -y and without a terminal it refuses (exit 2), writing nothing', () => withCluster('calico-v2.4', async (c, cli) => {
  const dry = await cli('rbac', '--dry-run');
  assert.is(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /calico-node\s+would update/);
  assert.match(dry.stdout, 'Dry run: nothing was written.');
  const refused = await cli('rbac');
  assert.is(refused.code, 2);
  assert.match(refused.stderr, /--yes/);
  assert.equal(nonReviewWrites(c), []);
  assert.ok(role(c, 'calico-node').rules.some((r: any) => r.resources.includes('thirdpartyresources')));
}));

test('refusals: --revert without --backup, and a cluster without a calico/node DaemonSet (exit 2, no writes)', async () => {
  await withCluster('calico-v2.4', async (c, cli) => {
    const r = await cli('rbac', '--revert', '-y');
    assert.is(r.code, 2);
    assert.match(r.stderr, /--revert needs --backup DIR/);
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
