import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateScenario, startCluster } from './index.js';
import { SCENARIOS, type ScenarioName } from './scenarios/index.js';
import { call } from './test-client.js';

test('1.8 mode: no TPR API, DaemonSets also in apps/v1beta2, 403 as a Status', async () => {
  const c = await startCluster({ scenario: 'k8s-1.8-broken' });
  try {
    assert.is((await call(c, 'GET', '/version')).json.gitVersion, 'v1.8.15');
    assert.is((await call(c, 'GET', '/apis/extensions/v1beta1/thirdpartyresources')).status, 404);
    const ds = await call(c, 'GET', '/apis/apps/v1beta2/namespaces/kube-system/daemonsets/calico-node');
    assert.is(ds.json.spec.template.spec.containers[0].image, 'quay.io/calico/node:v2.4.1');
    const denied = await call(c, 'GET', '/api/v1/nodes', { user: 'nobody' });
    assert.is(denied.json.reason, 'Forbidden');
    assert.is(denied.json.message, 'nodes is forbidden: User "nobody" cannot list nodes at the cluster scope');
  } finally { await c.stop(); }
});

test('modern mode: CRD v1 only, aggregated discovery answers the exact version asked for', async () => {
  const c = await startCluster({ scenario: 'empty-1.7', mode: 'modern' });
  try {
    assert.is((await call(c, 'GET', '/apis/apiextensions.k8s.io/v1beta1')).status, 404);
    const v2b1 = await call(c, 'GET', '/apis', { headers: { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList' } });
    assert.match(String(v2b1.headers['content-type']), 'v=v2beta1');
    assert.is(v2b1.json.apiVersion, 'apidiscovery.k8s.io/v2beta1');
    const denied = await call(c, 'GET', '/api/v1/nodes', { user: 'nobody' });
    assert.is(denied.json.message, 'nodes is forbidden: User "nobody" cannot list resource "nodes" in API group "" at the cluster scope');
    const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'ippools.crd.projectcalico.org' },
      spec: { group: 'crd.projectcalico.org', scope: 'Cluster', names: { kind: 'IPPool', plural: 'ippools' }, versions: [{ name: 'v1', served: true, storage: true }] } };
    assert.is((await call(c, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { body: crd })).status, 201);
  } finally { await c.stop(); }
});

test('every scenario seeds, and the calico-v2.4 data is exactly as Calico v2.4 wrote it', async () => {
  for (const name of Object.keys(SCENARIOS) as ScenarioName[]) {
    const c = await startCluster({ scenario: name });
    assert.ok(c.state.list({ group: '', version: 'v1', resource: 'namespaces' }).length >= 3, name);
    await c.stop();
  }
  const c = await startCluster();
  try {
    const pool = c.state.get({ group: 'projectcalico.org', version: 'v1', resource: 'ippools', namespace: 'kube-system', name: '192-168-0-0-16' })!;
    assert.is(pool.spec.value, '{"cidr":"192.168.0.0/16","ipip":"tunl0","ipip_mode":"always","masquerade":true,"ipam":true,"disabled":false}');
    const peers = c.state.list({ group: 'projectcalico.org', version: 'v1', resource: 'globalbgppeers' }).map((p) => p.metadata.name).sort();
    assert.equal(peers, ['192-20-30-40', '2001-db8--1', '2001-db8-1--']);
    const loglevel = c.state.get({ group: 'projectcalico.org', version: 'v1', resource: 'globalbgpconfigs', namespace: 'kube-system', name: 'loglevel' })!;
    assert.is(loglevel.spec.name, 'loglevel');
    const tprs = c.state.list({ group: 'extensions', version: 'v1beta1', resource: 'thirdpartyresources' }).map((t) => `${t.metadata.name}|${t.description}`);
    assert.ok(tprs.includes('global-bgp-peer.projectcalico.org|Calico Global BGP Peers'));
    assert.is(tprs.length, 5);
    const node2 = c.state.get({ group: '', version: 'v1', resource: 'nodes', name: 'k8s-node-2' })!;
    assert.is(node2.metadata.annotations!['peer.bgp.projectcalico.org/aa-bb--ff'], '{"ip":"aa:bb::ff","as_num":"64514"}');
  } finally { await c.stop(); }
});

test('generator: deterministic, sized as asked, serves 5,000 nodes quickly', async () => {
  const opts = { nodes: 5000, globalPeers: 2000, pools: 200, nodePeers: 100, seed: 3 };
  const s = generateScenario(opts);
  assert.equal(JSON.stringify(generateScenario(opts)), JSON.stringify(s));
  const t0 = Date.now();
  const c = await startCluster({ scenario: s });
  try {
    const seedMs = Date.now() - t0;
    const t1 = Date.now();
    const nodes = await call(c, 'GET', '/api/v1/nodes');
    assert.is(nodes.json.items.length, 5000);
    assert.is((await call(c, 'GET', '/apis/projectcalico.org/v1/namespaces/kube-system/globalbgppeers')).json.items.length, 2000);
    assert.is((await call(c, 'GET', '/apis/projectcalico.org/v1/namespaces/kube-system/ippools')).json.items.length, 200);
    assert.ok(Date.now() - t1 < 3000, `lists fast (${Date.now() - t1} ms; seeding ${seedMs} ms)`);
  } finally { await c.stop(); }
});

test.run();
