// migrate end to end against the simulated Kubernetes 1.7 cluster.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startCluster } from '../cluster/index.js';
import { runCli } from '../support/cli.js';
import { calicoCrs, nonReviewWrites, tprSnapshot } from '../support/state.js';
import { EXPECTED_CRDS, EXPECTED_CRS, EXPECTED_NODE_ANNOTATIONS } from '../fixtures/official-job-calico-v2.4.js';
import { withCluster } from '../support/harness.js';

const kindOrder = ['GlobalFelixConfig', 'GlobalBGPConfig', 'IPPool', 'BGPPeer', 'GlobalNetworkPolicy'];
const sortCrs = <T extends { kind: string; metadata: { name: string } }>(list: T[]): T[] =>
  [...list].sort((a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) || a.metadata.name.localeCompare(b.metadata.name));


test('calico-v2.4: the CRD objects equal, field for field, what the official Job would have produced', () => withCluster(async (c) => {
  const tprsBefore = tprSnapshot(c);
  const r = await runCli(['--kubeconfig', c.kubeconfigPath, 'migrate']);
  assert.is(r.code, 0, r.stderr);
  assert.equal(sortCrs(calicoCrs(c)), sortCrs(EXPECTED_CRS));
  for (const [node, annotations] of Object.entries(EXPECTED_NODE_ANNOTATIONS)) {
    const live = c.state.get({ group: '', version: 'v1', resource: 'nodes', name: node })!.metadata.annotations ?? {};
    for (const [k, v] of Object.entries(annotations)) assert.is(live[k], v, k);
  }
  for (const crd of EXPECTED_CRDS) {
    const obj = c.state.get({ group: 'apiextensions.k8s.io', version: 'v1beta1', resource: 'customresourcedefinitions', name: crd.name });
    assert.ok(obj, crd.name);
    assert.equal((obj as any).spec, { group: 'crd.projectcalico.org', version: 'v1', scope: 'Cluster', names: { kind: crd.kind, plural: crd.plural, singular: crd.singular, ...((obj as any).spec.names.listKind ? { listKind: `${crd.kind}List` } : {}) } });
    assert.is((obj as any).description, undefined, 'no stray top-level description');
  }
  assert.is(tprSnapshot(c), tprsBefore, 'TPR data untouched');
}));

test('created objects carry the provenance annotations; the stray namespace and the SNP are reported as ignored', () => withCluster(async (c) => {
  const r = await runCli(['--kubeconfig', c.kubeconfigPath, 'migrate', '-o', 'json']);
  assert.is(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  const ignored = report.objects.filter((o: any) => o.result === 'ignored').map((o: any) => `${o.kind} ${o.source.namespace}/${o.source.name}`);
  assert.equal(ignored, ['GlobalConfig default/logseverityscreen', 'SystemNetworkPolicy kube-system/allow-all-calico-policy']);
  const pool = c.state.get({ group: 'crd.projectcalico.org', version: 'v1', resource: 'ippools', name: '192-168-0-0-16' })!;
  assert.is(pool.metadata.annotations?.['calico-migrate.projectcalico.org/source'], 'ippools.projectcalico.org/kube-system/192-168-0-0-16');
  assert.match(pool.metadata.annotations?.['calico-migrate.projectcalico.org/tool-version'] ?? '', /^v\d+\.\d+\.\d+/);
}));

test('--dry-run prints the plan and sends no write request at all', () => withCluster(async (c) => {
  const r = await runCli(['--kubeconfig', c.kubeconfigPath, 'migrate', '--dry-run']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /globalfelixconfigs\.crd\.projectcalico\.org\s+would create/);
  assert.match(r.stdout, /IpPool\s+kube-system\/192-168-0-0-16\s+IPPool\/192-168-0-0-16\s+would create/);
  assert.match(r.stdout, 'Dry run: nothing was written. Would create 5 CRDs and 16 objects');
  assert.equal(nonReviewWrites(c), []);
}));

test('idempotent: a second run writes nothing and reports every object unchanged', () => withCluster(async (c) => {
  assert.is((await runCli(['--kubeconfig', c.kubeconfigPath, 'migrate'])).code, 0);
  const writes = nonReviewWrites(c).length;
  const r = await runCli(['--kubeconfig', c.kubeconfigPath, 'migrate', '-o', 'json']);
  assert.is(r.code, 0, r.stderr);
  assert.is(nonReviewWrites(c).length, writes, 'no write on the re-run');
  const report = JSON.parse(r.stdout);
  assert.is(report.writes, 0);
  assert.is(report.objects.filter((o: any) => o.result === 'unchanged').length, 16);
}));

test('a differing existing CR is a conflict with the differing fields, left alone; --overwrite replaces it', () => withCluster(async (c) => {
  assert.is((await runCli(['--kubeconfig', c.kubeconfigPath, 'migrate'])).code, 0);
  const ref = { group: 'crd.projectcalico.org', version: 'v1', resource: 'ippools', name: '192-168-0-0-16' };
  const pool = c.state.get(ref)!;
  c.state.update(ref, { ...pool, spec: { ...(pool.spec as object), 'nat-outgoing': undefined, disabled: true } });
  const edited = JSON.stringify(c.state.get(ref)!.spec);
  const r = await runCli(['--kubeconfig', c.kubeconfigPath, 'migrate', '-o', 'json']);
  assert.is(r.code, 1, 'conflicts make migrate exit 1');
  const row = JSON.parse(r.stdout).objects.find((o: any) => o.target?.name === '192-168-0-0-16');
  assert.is(row.result, 'conflict');
  assert.equal(row.diffs.map((d: any) => d.path).sort(), ['spec.disabled', 'spec.nat-outgoing']);
  assert.is(JSON.stringify(c.state.get(ref)!.spec), edited, 'left alone');
  const o = await runCli(['--kubeconfig', c.kubeconfigPath, 'migrate', '--overwrite']);
  assert.is(o.code, 0, o.stderr);
  assert.equal(c.state.get(ref)!.spec, { ipip: { enabled: true, mode: 'always' }, 'nat-outgoing': true, cidr: '192.168.0.0/16' });
}));

test('invalid sources are skipped with the reason, the rest migrates, exit 1; string and dotted AS numbers are converted', async () => {
  const cluster = await startCluster();
  try {
    const ns = 'kube-system';
    const put = (resource: string, obj: any) => cluster.state.create({ group: 'projectcalico.org', version: 'v1', resource, namespace: ns }, obj);
    put('ippools', { apiVersion: 'projectcalico.org/v1', kind: 'IpPool', metadata: { name: '10-99-0-0-16', namespace: ns }, spec: { value: '{not json' } });
    put('globalbgppeers', { apiVersion: 'projectcalico.org/v1', kind: 'GlobalBgpPeer', metadata: { name: '11-22-fail--23', namespace: ns }, spec: { asNumber: 1 } });
    put('globalbgppeers', { apiVersion: 'projectcalico.org/v1', kind: 'GlobalBgpPeer', metadata: { name: '10-0-0-1', namespace: ns }, spec: { asNumber: '64512' } });
    put('globalbgppeers', { apiVersion: 'projectcalico.org/v1', kind: 'GlobalBgpPeer', metadata: { name: '10-0-0-2', namespace: ns }, spec: { asNumber: '1.10' } });
    put('globalbgppeers', { apiVersion: 'projectcalico.org/v1', kind: 'GlobalBgpPeer', metadata: { name: '10-0-0-3', namespace: ns }, spec: { asNumber: 'sixty' } });
    put('globalconfigs', { apiVersion: 'projectcalico.org/v1', kind: 'GlobalConfig', metadata: { name: 'Bad_Name', namespace: ns }, spec: { name: 'Bad_Name', value: 'x' } });
    const r = await runCli(['--kubeconfig', cluster.kubeconfigPath, 'migrate', '-o', 'json']);
    assert.is(r.code, 1, r.stderr);
    const rows = JSON.parse(r.stdout).objects;
    const by = (name: string) => rows.find((o: any) => o.source.name === name);
    for (const name of ['10-99-0-0-16', '11-22-fail--23', '10-0-0-3', 'Bad_Name']) {
      assert.is(by(name).result, 'skipped', name);
      assert.ok(by(name).detail.length > 10, `${name} has a reason: ${by(name).detail}`);
    }
    assert.match(by('Bad_Name').detail, /DNS-1123|dns-1123|subdomain/i);
    assert.is(by('10-0-0-1').result, 'created');
    assert.ok(by('10-0-0-1').notes.length > 0, 'a note says the AS number was a string');
    const peer = (name: string) => cluster.state.get({ group: 'crd.projectcalico.org', version: 'v1', resource: 'bgppeers', name })!.spec as any;
    assert.is(peer('10-0-0-1').asNumber, 64512);
    assert.is(peer('10-0-0-2').asNumber, 65546);
    assert.is(rows.filter((o: any) => o.result === 'created').length, 18, 'the 16 valid scenario objects plus two peers');
  } finally {
    await cluster.stop();
  }
});

test('a CRD with an incompatible spec refuses the migration (exit 2) and nothing is written', async () => {
  const cluster = await startCluster();
  try {
    cluster.state.create({ group: 'apiextensions.k8s.io', version: 'v1beta1', resource: 'customresourcedefinitions' }, {
      apiVersion: 'apiextensions.k8s.io/v1beta1', kind: 'CustomResourceDefinition', metadata: { name: 'ippools.crd.projectcalico.org' },
      spec: { group: 'crd.projectcalico.org', version: 'v1', scope: 'Namespaced', names: { kind: 'IPPool', plural: 'ippools' } },
    });
    const before = nonReviewWrites(cluster).length;
    const r = await runCli(['--kubeconfig', cluster.kubeconfigPath, 'migrate']);
    assert.is(r.code, 2, r.stderr);
    assert.match(r.stderr, /ippools\.crd\.projectcalico\.org: spec\.scope is "Namespaced", expected "Cluster"/);
    assert.is(nonReviewWrites(cluster).length, before);
  } finally {
    await cluster.stop();
  }
});

test('a CRD that never becomes Established: exit 2 with a clear error, no Calico object written', () => withCluster({ crdEstablishDelayMs: 60_000 }, async (c) => {
  const r = await runCli(['--kubeconfig', c.kubeconfigPath, 'migrate', '--establish-timeout', '1s']);
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /did not become Established within 1 s, so no Calico object was written/);
  assert.equal(nonReviewWrites(c).filter((w) => w.includes('crd.projectcalico.org/v1')), []);
}));

test('Kubernetes 1.8 (no TPR API): refused with exit 2, pointing at restore --target crd', () => withCluster('k8s-1.8-broken', async (c) => {
  const r = await runCli(['--kubeconfig', c.kubeconfigPath, 'migrate']);
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /no ThirdPartyResource API/);
  assert.match(r.stderr, /restore --target crd/);
  assert.equal(nonReviewWrites(c), []);
}));

test('--include-snp converts the SystemNetworkPolicy to a GlobalNetworkPolicy with the same name and spec', () => withCluster(async (c) => {
  const r = await runCli(['--kubeconfig', c.kubeconfigPath, 'migrate', '--include-snp']);
  assert.is(r.code, 0, r.stderr);
  const gnp = c.state.get({ group: 'crd.projectcalico.org', version: 'v1', resource: 'globalnetworkpolicies', name: 'allow-all-calico-policy' })!;
  assert.is(gnp.kind, 'GlobalNetworkPolicy');
  assert.equal(gnp.spec, { order: 0, ingress: [{ action: 'allow' }], egress: [{ action: 'allow' }] });
}));

test('a user without permission: exit 3 naming the verb and resource, nothing half-written', () => withCluster(async (c) => {
  const r = await runCli(['--kubeconfig', c.kubeconfigPath, '--context', 'readonly', 'migrate']);
  assert.is(r.code, 3, r.stderr);
  assert.match(r.stderr, /cannot create|Forbidden/);
  assert.match(r.stderr, /customresourcedefinitions/);
  assert.not.match(r.stderr, /\n\s+at /);
}));

test.run();
