// rollback end to end: after backup → migrate → rbac, the cluster is as it was before migrate; only what the tool
// created and nobody changed is deleted; after cleanup (TPRs gone) it refuses and points at restore.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type Cluster } from '../cluster/index.js';
import { calicoCrs, nonReviewWrites } from '../support/state.js';
import { withCluster } from '../support/harness.js';

const CRDS = { group: 'apiextensions.k8s.io', version: 'v1beta1', resource: 'customresourcedefinitions' };
const CR = (resource: string, name: string) => ({ group: 'crd.projectcalico.org', version: 'v1', resource, name });


test('backup → migrate → rbac → rollback leaves the full cluster state as before migrate', () => withCluster(async (c, cli, dir) => {
  const before = c.state.snapshot();
  assert.is((await cli('backup', '-d', dir + '/bk')).code, 0);
  assert.is((await cli('migrate')).code, 0);
  assert.is((await cli('rbac', '-y')).code, 0);
  assert.ok(calicoCrs(c).length >= 16);

  const r = await cli('rollback', '-y', '--backup', dir + '/bk');
  assert.is(r.code, 0, r.stderr);
  const after = c.state.snapshot();
  // Objects written twice (the Node migrate annotated, the role rbac rewrote) get new resourceVersions; nothing else may differ.
  const written = new Set(['/nodes//k8s-node-2', 'rbac.authorization.k8s.io/clusterroles//calico-node']);
  const normalize = (snap: Record<string, any>) => Object.fromEntries(Object.entries(snap).map(([k, o]) => {
    if (!written.has(k)) return [k, o];
    const { resourceVersion, ...metadata } = o.metadata;
    return [k, { ...o, metadata }];
  }));
  assert.equal(Object.keys(after), Object.keys(before));
  assert.equal(normalize(after), normalize(before));

  const writes = nonReviewWrites(c).length;
  const again = await cli('rollback', '-y', '--backup', dir + '/bk');
  assert.is(again.code, 0, again.stderr);
  assert.match(again.stdout, 'Nothing to roll back');
  assert.is(nonReviewWrites(c).length, writes, 'a second rollback writes nothing');
}));

const ROLE = { group: 'rbac.authorization.k8s.io', version: 'v1beta1', resource: 'clusterroles', name: 'calico-node' };
const roleContent = (c: Cluster) => { const { resourceVersion, ...metadata } = c.state.get(ROLE)!.metadata; return JSON.stringify({ metadata, rules: c.state.get(ROLE)!.rules }); };

test('without a backup, rollback removes exactly what rbac added (its record on the role), keeping a rule added since', () => withCluster(async (c, cli) => {
  const original = c.state.get(ROLE)!;
  assert.is((await cli('migrate')).code, 0);
  assert.is((await cli('rbac', '-y')).code, 0);
  const operators = { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] };
  const live = c.state.get(ROLE)!;
  c.state.update(ROLE, { ...live, rules: [operators, ...(live.rules as object[])] });
  const r = await cli('rollback', '-y', '-o', 'json');
  assert.is(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).roles.map((x: any) => `${x.name}:${x.result}`), ['calico-node:updated']);
  assert.equal(c.state.get(ROLE)!.rules, [operators, ...(original.rules as object[])]);
  assert.equal(c.state.get(ROLE)!.metadata.annotations, original.metadata.annotations);
}));

test('rollback never puts the saved role over a change to rbac\'s rule: conflict, exit 1, the role left as it is', () => withCluster(async (c, cli, dir) => {
  assert.is((await cli('backup', '-d', dir + '/bk')).code, 0);
  assert.is((await cli('migrate')).code, 0);
  assert.is((await cli('rbac', '-y')).code, 0);
  const live = c.state.get(ROLE)!;
  const rules = structuredClone(live.rules) as Array<{ verbs: string[] }>;
  rules.at(-1)!.verbs.push('delete'); // the operator widens the CRD rule rbac added
  c.state.update(ROLE, { ...live, rules });
  const changed = roleContent(c);
  const r = await cli('rollback', '-y', '--backup', dir + '/bk', '-o', 'json');
  assert.is(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.roles.map((x: any) => x.result), ['conflict']);
  assert.is(roleContent(c), changed);
  assert.equal(c.state.list(CRDS).map((x) => x.metadata.name), [], 'the rest of the rollback still ran: CRs and CRDs gone');
}));

test('rollback\'s role write racing an operator (409): re-read, and the operator\'s change to rbac\'s rule is a conflict, not overwritten', () => withCluster(async (c, cli, dir) => {
  assert.is((await cli('backup', '-d', dir + '/bk')).code, 0);
  assert.is((await cli('migrate')).code, 0);
  assert.is((await cli('rbac', '-y')).code, 0);
  const writer = c.onRequest({ method: 'PUT', path: '/apis/rbac.authorization.k8s.io/v1beta1/clusterroles/calico-node' }, (store) => {
    const live = store.get(ROLE)!;
    const rules = structuredClone(live.rules) as Array<{ verbs: string[] }>;
    rules.at(-1)!.verbs.push('delete');
    store.update(ROLE, { ...live, rules });
  });
  const r = await cli('rollback', '-y', '--backup', dir + '/bk', '-o', 'json');
  assert.is(r.code, 1, r.stderr);
  assert.is(writer.fired, 1);
  assert.equal(JSON.parse(r.stdout).roles.map((x: any) => x.result), ['conflict']);
  assert.ok((c.state.get(ROLE)!.rules as Array<{ verbs: string[] }>).at(-1)!.verbs.includes('delete'), 'the operator\'s rule is there');
  assert.is(c.requests.filter((q) => q.method === 'PUT' && q.path.endsWith('/clusterroles/calico-node') && q.status === 200).length, 1, 'only rbac\'s own write ever landed');
}));

test('a CR changed since migrate is kept (exit 1) with its CRD; a CRD the tool did not create is kept; the rest goes', () => withCluster(async (c, cli) => {
  c.state.create(CRDS, {
    apiVersion: 'apiextensions.k8s.io/v1beta1', kind: 'CustomResourceDefinition', metadata: { name: 'globalbgpconfigs.crd.projectcalico.org' },
    spec: { group: 'crd.projectcalico.org', version: 'v1', scope: 'Cluster', names: { kind: 'GlobalBGPConfig', plural: 'globalbgpconfigs', singular: 'globalbgpconfig' } },
  });
  assert.is((await cli('migrate')).code, 0);
  const pool = c.state.get(CR('ippools', '192-168-0-0-16'))!;
  c.state.update(CR('ippools', '192-168-0-0-16'), { ...pool, spec: { ...(pool.spec as object), disabled: true } });

  const r = await cli('rollback', '-y', '-o', 'json');
  assert.is(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout);
  const kept = report.crs.filter((x: any) => x.result === 'kept');
  assert.equal(kept.map((x: any) => x.name), ['192-168-0-0-16']);
  assert.match(kept[0].detail, /changed since migrate.*spec\.disabled/);
  assert.equal(c.state.list(CR('ippools', '')).map((x) => x.metadata.name), ['192-168-0-0-16']);
  assert.equal(c.state.list(CR('globalbgpconfigs', '')), [], 'emptied, its CRD kept');
  const crds = c.state.list(CRDS).map((x) => x.metadata.name).sort();
  assert.equal(crds, ['globalbgpconfigs.crd.projectcalico.org', 'ippools.crd.projectcalico.org']);
  assert.match(report.crds.find((x: any) => x.name === 'globalbgpconfigs.crd.projectcalico.org').detail, /not created by this tool/);
}));

test('refusals (exit 2, nothing written): after cleanup (TPRs gone, pointing at restore), without -y on no terminal, with calico/node v2.5 running', () => withCluster(async (c, cli) => {
  assert.is((await cli('migrate')).code, 0);
  const crs = calicoCrs(c).length;
  const writes = nonReviewWrites(c).length;

  const noTty = await cli('rollback');
  assert.is(noTty.code, 2);
  assert.match(noTty.stderr, /--yes/);

  c.state.setDaemonSetImage('kube-system', 'calico-node', 'calico-node', 'quay.io/calico/node:v2.5.1');
  const v25 = await cli('rollback', '-y');
  assert.is(v25.code, 2);
  assert.match(v25.stderr, /v2\.5/);
  c.state.setDaemonSetImage('kube-system', 'calico-node', 'calico-node', 'quay.io/calico/node:v2.4.1');

  for (const t of c.state.list({ group: 'extensions', version: 'v1beta1', resource: 'thirdpartyresources' })) {
    c.state.delete({ group: 'extensions', version: 'v1beta1', resource: 'thirdpartyresources', name: t.metadata.name });
  }
  const gone = await cli('rollback', '-y');
  assert.is(gone.code, 2);
  assert.match(gone.stderr, /restore --backup DIR/);
  assert.is(nonReviewWrites(c).length, writes);
  assert.is(calicoCrs(c).length, crs);
}));

test.run();
