import { test } from 'uvu';
import * as assert from 'uvu/assert';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { generateScenario, startCluster, type Cluster } from './index.js';
import { call } from './test-client.js';

let c: Cluster;
test.before(async () => { c = await startCluster({ scenario: 'calico-v2.4', crdEstablishDelayMs: 30 }); });
test.after(async () => { await c.stop(); });

const IPPOOLS = '/apis/projectcalico.org/v1/namespaces/kube-system/ippools';

test('TLS + auth: token and client certificate accepted, anything else 401 Status', async () => {
  assert.is((await call(c, 'GET', '/api/v1/nodes')).status, 200);
  assert.is((await call(c, 'GET', '/api/v1/nodes', { cert: true })).status, 200);
  const bad = await new Promise<number>((resolve) => {
    https.get(new URL('/api/v1/nodes', c.url), { ca: readFileSync(c.caPath), headers: { Authorization: 'Bearer wrong' } }, (res) => { res.resume(); resolve(res.statusCode!); });
  });
  assert.is(bad, 401);
  const anon = await new Promise<any>((resolve) => {
    https.get(new URL('/version', c.url), { ca: readFileSync(c.caPath) }, (res) => { let t = ''; res.on('data', (d) => { t += d; }); res.on('end', () => resolve(JSON.parse(t))); });
  });
  assert.equal(anon, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
  assert.ok(c.requests.some((r) => r.status === 401 && r.user === ''));
});

test('version and legacy discovery: TPR kinds without singularName, no DaemonSets in apps, aggregated Accept ignored', async () => {
  assert.is((await call(c, 'GET', '/version')).json.gitVersion, 'v1.7.16');
  const apis = await call(c, 'GET', '/apis', { headers: { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' } });
  assert.is(apis.json.kind, 'APIGroupList');
  const names = apis.json.groups.map((g: any) => g.name);
  for (const g of ['extensions', 'apiextensions.k8s.io', 'projectcalico.org', 'alpha.projectcalico.org', 'rbac.authorization.k8s.io']) assert.ok(names.includes(g), g);
  const pc = await call(c, 'GET', '/apis/projectcalico.org/v1');
  const ippools = pc.json.resources.find((r: any) => r.name === 'ippools');
  assert.equal(ippools, { name: 'ippools', namespaced: true, kind: 'IpPool', verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'] });
  const apps = await call(c, 'GET', '/apis/apps/v1beta1');
  assert.not.ok(apps.json.resources.some((r: any) => r.name === 'daemonsets'));
  assert.is((await call(c, 'GET', '/apis/apps/v1beta2')).status, 404);
  const crd = (await call(c, 'GET', '/apis/apiextensions.k8s.io/v1beta1')).json.resources.find((r: any) => r.name === 'customresourcedefinitions');
  assert.equal(crd.shortNames, ['crd']);
  assert.is((await call(c, 'GET', '/openapi/v2')).status, 404);
});

test('lists: <Kind>List, all-namespaces TPR data, label and field selectors', async () => {
  const all = await call(c, 'GET', '/apis/projectcalico.org/v1/globalconfigs');
  assert.is(all.json.kind, 'GlobalConfigList');
  assert.ok(all.json.items.some((i: any) => i.metadata.namespace === 'default'), 'stray object in default is listed');
  const one = await call(c, 'GET', `${IPPOOLS}?fieldSelector=metadata.name%3D192-168-0-0-16`);
  assert.is(one.json.items.length, 1);
  const pods = await call(c, 'GET', '/api/v1/namespaces/kube-system/pods?labelSelector=k8s-app%3Dcalico-node');
  assert.is(pods.json.items.length, 4);
  assert.is((await call(c, 'GET', '/api/v1/namespaces/kube-system/pods?labelSelector=k8s-app+in+(canal)')).json.items.length, 0);
});

test('Status errors: unknown resource, missing object, strategic merge on a CR, namespaced path to a cluster-scoped CR', async () => {
  const unknown = await call(c, 'GET', '/apis/projectcalico.org/v1/namespaces/kube-system/nothings');
  assert.equal(unknown.json, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', code: 404 });
  const missing = await call(c, 'GET', `${IPPOOLS}/nope`);
  assert.equal(missing.json.details, { name: 'nope', group: 'projectcalico.org', kind: 'ippools' });
  assert.is(missing.json.message, 'ippools.projectcalico.org "nope" not found');
  const crd = { apiVersion: 'apiextensions.k8s.io/v1beta1', kind: 'CustomResourceDefinition', metadata: { name: 'ippools.crd.projectcalico.org' }, spec: { scope: 'Cluster', group: 'crd.projectcalico.org', version: 'v1', names: { kind: 'IPPool', plural: 'ippools' } } };
  assert.is((await call(c, 'POST', '/apis/apiextensions.k8s.io/v1beta1/customresourcedefinitions', { body: crd })).status, 201);
  await new Promise((r) => setTimeout(r, 100));
  const pool = { apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool', metadata: { name: '192-168-0-0-16' }, spec: { cidr: '192.168.0.0/16' } };
  assert.is((await call(c, 'POST', '/apis/crd.projectcalico.org/v1/ippools', { body: pool })).status, 201);
  const dup = await call(c, 'POST', '/apis/crd.projectcalico.org/v1/ippools', { body: pool });
  assert.is(dup.json.message, 'ippools.crd.projectcalico.org "192-168-0-0-16" already exists');
  assert.is((await call(c, 'GET', '/apis/crd.projectcalico.org/v1/namespaces/kube-system/ippools')).status, 404);
  const smp = await call(c, 'PATCH', '/apis/crd.projectcalico.org/v1/ippools/192-168-0-0-16', { body: { spec: { disabled: true } }, contentType: 'application/strategic-merge-patch+json' });
  assert.is(smp.status, 415);
  const merge = await call(c, 'PATCH', '/apis/crd.projectcalico.org/v1/ippools/192-168-0-0-16', { body: { spec: { disabled: true } }, contentType: 'application/merge-patch+json' });
  assert.is(merge.json.spec.disabled, true);
  const jp = await call(c, 'PATCH', '/apis/crd.projectcalico.org/v1/ippools/192-168-0-0-16', { body: [{ op: 'remove', path: '/spec/disabled' }], contentType: 'application/json-patch+json' });
  assert.is(jp.json.spec.disabled, undefined);
  const stale = await call(c, 'PUT', '/apis/crd.projectcalico.org/v1/ippools/192-168-0-0-16', { body: { ...pool, metadata: { name: pool.metadata.name, resourceVersion: '1' } } });
  assert.is(stale.status, 409);
  assert.is(stale.json.reason, 'Conflict');
});

test('RBAC: 1.7 answers 403 in plain text; SelfSubjectAccessReview uses the same decision', async () => {
  const denied = await call(c, 'GET', IPPOOLS, { user: 'nobody' });
  assert.is(denied.status, 403);
  assert.match(String(denied.headers['content-type']), 'text/plain');
  assert.is(denied.text.trim(), 'User "nobody" cannot list ippools.projectcalico.org in the namespace "kube-system".');
  const cluster = await call(c, 'GET', '/api/v1/nodes', { user: 'nobody' });
  assert.is(cluster.text.trim(), 'User "nobody" cannot list nodes at the cluster scope.');
  assert.is((await call(c, 'GET', IPPOOLS, { user: 'readonly' })).status, 200);
  assert.is((await call(c, 'DELETE', `${IPPOOLS}/192-168-0-0-16`, { user: 'readonly' })).status, 403);
  const review = (user: string, verb: string) => call(c, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
    user, body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb, group: 'projectcalico.org', resource: 'ippools', namespace: 'kube-system' } } },
  });
  assert.is((await review('readonly', 'list')).json.status.allowed, true);
  assert.match((await review('readonly', 'list')).json.status.reason, 'ClusterRoleBinding "test-readonly"');
  assert.is((await review('readonly', 'delete')).json.status.allowed, false);
  assert.is((await review('nobody', 'list')).json.status.allowed, false);
  assert.ok(c.writes().some((w) => w.review), 'reviews are flagged in the log');
  const as = await call(c, 'GET', IPPOOLS, { headers: { 'Impersonate-User': 'nobody' } });
  assert.is(as.status, 403, 'admin impersonating nobody is denied');
});

test('RBAC escalation check: a role is written only by someone who holds all it grants (403 Status otherwise)', async () => {
  const ROLES = '/apis/rbac.authorization.k8s.io/v1beta1/clusterroles';
  const grantWriter = (name: string, rules: unknown[]) => {
    c.state.create({ group: 'rbac.authorization.k8s.io', version: 'v1beta1', resource: 'clusterroles' }, { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kind: 'ClusterRole', metadata: { name }, rules });
    c.state.create({ group: 'rbac.authorization.k8s.io', version: 'v1beta1', resource: 'clusterrolebindings' }, {
      apiVersion: 'rbac.authorization.k8s.io/v1beta1', kind: 'ClusterRoleBinding', metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name }, subjects: [{ kind: 'User', name: 'readonly' }],
    });
  };
  grantWriter('role-writer', [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['create', 'update'] }]);
  const role = (name: string, rules: unknown[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1beta1', kind: 'ClusterRole', metadata: { name }, rules });
  // readonly may get/list/watch: a role granting that is fine, one granting update on pods/status is not.
  assert.is((await call(c, 'POST', ROLES, { user: 'readonly', body: role('reader', [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'] }]) })).status, 201);
  const more = await call(c, 'POST', ROLES, { user: 'readonly', body: role('writer', [{ apiGroups: [''], resources: ['nodes', 'pods/status'], verbs: ['get', 'update'] }]) });
  assert.is(more.status, 403);
  assert.match(more.json.message, 'attempt to grant extra privileges: [update nodes update pods/status]');
  assert.is((await call(c, 'POST', ROLES, { body: role('writer', [{ apiGroups: [''], resources: ['pods/status'], verbs: ['update'] }]) })).status, 201, 'system:masters may');
  grantWriter('status-writer', [{ apiGroups: [''], resources: ['nodes', 'pods/status'], verbs: ['update'] }]);
  assert.is((await call(c, 'POST', ROLES, { user: 'readonly', body: role('writer-2', [{ apiGroups: [''], resources: ['nodes', 'pods/status'], verbs: ['get', 'update'] }]) })).status, 201, 'once held, it may be granted');
});

test('watch: headers flushed at once, events for later writes, timeoutSeconds ends the stream', async () => {
  const lines: string[] = [];
  const started = Date.now();
  const ended = new Promise<void>((resolve) => {
    https.get(new URL(`${IPPOOLS}?watch=true&resourceVersion=${c.state.resourceVersion}&timeoutSeconds=1`, c.url), {
      ca: readFileSync(c.caPath), headers: { Authorization: `Bearer ${c.users.admin!.token}` },
    }, (res) => {
      assert.is(res.statusCode, 200);
      res.setEncoding('utf8');
      res.on('data', (d: string) => lines.push(...d.split('\n').filter(Boolean)));
      res.on('end', () => resolve());
      void call(c, 'POST', IPPOOLS, { body: { apiVersion: 'projectcalico.org/v1', kind: 'IpPool', metadata: { name: '10-1-0-0-16' }, spec: { value: '{}' } } });
    });
  });
  await ended;
  assert.ok(Date.now() - started < 3000);
  assert.equal(lines.map((l) => JSON.parse(l).type), ['ADDED']);
  assert.is(JSON.parse(lines[0]!).object.kind, 'IpPool');
});

test('keep-alive: many requests over one connection', async () => {
  const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
  const sockets = new Set<unknown>();
  agent.on('free', (s) => sockets.add(s));
  for (let i = 0; i < 20; i++) assert.is((await call(c, 'GET', '/api/v1/namespaces', { agent })).status, 200);
  assert.is(sockets.size, 1);
  agent.destroy();
});


test('a large list streams chunked (same bytes as one JSON document) and never holds other requests behind it', async () => {
  const big = await startCluster({ scenario: generateScenario({ nodes: 3000, seed: 7 }) });
  try {
    const order: string[] = [];
    const [nodes] = await Promise.all([
      call(big, 'GET', '/api/v1/nodes').then((r) => { order.push('nodes'); return r; }),
      new Promise((r) => setTimeout(r, 5)).then(() => call(big, 'GET', '/version')).then(() => order.push('version')),
    ]);
    assert.is(nodes.status, 200);
    assert.is(nodes.headers['transfer-encoding'], 'chunked');
    assert.is(nodes.headers['content-length'], undefined);
    assert.is(nodes.json.items.length, 3000);
    assert.is(nodes.text, JSON.stringify(nodes.json), 'one well-formed JSON document, encoded as JSON.stringify would');
    assert.equal(Object.keys(nodes.json), ['kind', 'apiVersion', 'metadata', 'items']);
    assert.equal(order, ['version', 'nodes'], 'a small request is answered while the big list is still being written');
    const small = await call(big, 'GET', '/api/v1/namespaces');
    assert.ok(small.headers['content-length'], 'small lists keep a Content-Length');
  } finally {
    await big.stop();
  }
});

test.run();
