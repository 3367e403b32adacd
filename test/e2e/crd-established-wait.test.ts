// The wait for new CRDs to become Established: a watch reports the condition as the server sets it, instead of a LIST
// every few milliseconds; without the watch (RBAC grants list, not watch; a proxy holds the stream back) the LISTs
// carry the wait alone, so the outcome is the same either way.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { waitEstablished, POLL_BESIDE_WATCH_MS } from '../../src/cluster/crds.js';
import { KubeClient } from '../../src/kube/client.js';
import { ensureCrds, inspectCrds } from '../../src/steps/ensure-crds.js';
import { connect } from '../../src/kube/connection.js';
import type { Cluster } from '../cluster/index.js';
import { withCluster } from '../support/harness.js';
import { clientFor } from '../support/client.js';
import { runCli } from '../support/cli.js';
import { startCliProcess } from '../support/process.js';

const CRDS = { group: 'apiextensions.k8s.io', version: 'v1beta1', resource: 'customresourcedefinitions' };
const CRDS_PATH = '/apis/apiextensions.k8s.io/v1beta1/customresourcedefinitions';
const WIDGETS = {
  apiVersion: 'apiextensions.k8s.io/v1beta1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
  spec: { group: 'example.com', version: 'v1', scope: 'Cluster', names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' } },
};

/** The CRD requests the wait sent (LISTs and watches), from the server's log. */
const waitRequests = (c: Cluster, from: number) => {
  const crds = c.requests.slice(from).filter((r) => r.method === 'GET' && r.path === CRDS_PATH);
  return { lists: crds.filter((r) => !r.query.includes('watch=')), watches: crds.filter((r) => r.query.includes('watch=true')) };
};

test('the condition comes by watch: the CRDs as they stand, then their changes, and no polling while it runs', () => withCluster({ scenario: 'empty-1.7', crdEstablishDelayMs: 200 }, async (c) => {
  const client = await clientFor(c);
  await client.create(CRDS, WIDGETS);
  const from = c.requests.length;
  assert.equal(await waitEstablished(client, 'v1beta1', ['widgets.example.com'], 10_000), []);
  client.close();
  const { lists, watches } = waitRequests(c, from);
  assert.is(watches.length, 1, 'one watch');
  assert.not.match(watches[0]!.query, /resourceVersion=/, 'no resourceVersion: the server sends the current state first');
  assert.is(watches[0]!.status, 200);
  // Polling every 10 ms for 200 ms would be ~10 LISTs; beside a watch, one every POLL_BESIDE_WATCH_MS at most.
  assert.ok(lists.length <= 1 + Math.ceil(200 / POLL_BESIDE_WATCH_MS), `${lists.length} LISTs`);
}));

test('migrate\'s CRDs: the watch is open before the first CRD is created, and all five are Established when it returns', () => withCluster({ scenario: 'empty-1.7', crdEstablishDelayMs: 100 }, async (c) => {
  const client = await clientFor(c);
  const states = inspectCrds(new Map());
  const from = c.requests.length;
  const ready = await ensureCrds(client, 'v1beta1', states, 10_000);
  assert.equal(ready.map((s) => [s.action, s.established]), states.map(() => ['created', true]));
  const log = c.requests.slice(from);
  const watchAt = log.findIndex((r) => r.path === CRDS_PATH && r.query.includes('watch=true'));
  const firstCreate = log.findIndex((r) => r.method === 'POST' && r.path === CRDS_PATH);
  assert.ok(watchAt !== -1 && firstCreate !== -1 && log[watchAt]!.at <= log[firstCreate]!.at, JSON.stringify(log.map((r) => [r.method, r.query])));
  const listed = await client.list<{ items: Array<{ metadata: { name: string }; status?: { conditions?: Array<{ type: string; status: string }> } }> }>(CRDS);
  assert.ok(listed.items.length === 5 && listed.items.every((i) => i.status?.conditions?.some((x) => x.type === 'Established' && x.status === 'True')));
  client.close();
}));

test('at --concurrency 1 the watch takes neither the one request slot nor the one pooled connection', () => withCluster({ scenario: 'empty-1.7', crdEstablishDelayMs: 100 }, async (c) => {
  const client = await clientFor(c, 1);
  const started = Date.now();
  const ready = await ensureCrds(client, 'v1beta1', inspectCrds(new Map()), 10_000);
  client.close();
  assert.ok(ready.every((s) => s.established));
  assert.ok(Date.now() - started < 5_000, `${Date.now() - started} ms: the creates and LISTs were not held behind the watch`);
}));

test('RBAC grants list but not watch: the 403 watch is dropped and the LISTs find the condition', () => withCluster({ scenario: 'empty-1.7', crdEstablishDelayMs: 200 }, async (c) => {
  const admin = await clientFor(c);
  const rbac = (resource: string) => ({ group: 'rbac.authorization.k8s.io', version: 'v1beta1', resource });
  await admin.create(rbac('clusterroles'), {
    apiVersion: 'rbac.authorization.k8s.io/v1beta1', kind: 'ClusterRole', metadata: { name: 'crd-no-watch' },
    rules: [{ apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['list', 'create'] }],
  });
  await admin.create(rbac('clusterrolebindings'), {
    apiVersion: 'rbac.authorization.k8s.io/v1beta1', kind: 'ClusterRoleBinding', metadata: { name: 'crd-no-watch' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'crd-no-watch' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'nobody' }],
  });
  admin.close();
  const { client } = await connect({ flags: { kubeconfig: c.kubeconfigPath, context: 'nobody' }, env: {}, namespace: 'kube-system', timeoutMs: 10_000, concurrency: 4, userAgent: 'test' });
  await client.create(CRDS, WIDGETS);
  const from = c.requests.length;
  assert.equal(await waitEstablished(client, 'v1beta1', ['widgets.example.com'], 10_000), []);
  client.close();
  const { lists, watches } = waitRequests(c, from);
  assert.equal(watches.map((w) => w.status), [403]);
  assert.ok(lists.length > 1 + Math.ceil(200 / POLL_BESIDE_WATCH_MS), `polled as before the watch existed: ${lists.length} LISTs`);
}));

/**
 * A bare server for one CRD that becomes Established `afterMs` from now, whose watches `watch` answers (events never
 * come from it): the wait is run against it and its LISTs and watches counted.
 */
async function waitAgainst(afterMs: number, watch: (res: http.ServerResponse) => void): Promise<{ result: string[]; took: number; lists: number; watches: number }> {
  const establishedAt = Date.now() + afterMs;
  const counts = { lists: 0, watches: 0 };
  const server = http.createServer((req, res) => {
    if (req.url?.includes('watch=true')) {
      counts.watches++;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      watch(res);
      return;
    }
    counts.lists++;
    const crd = { metadata: { name: 'widgets.example.com' }, status: { conditions: Date.now() >= establishedAt ? [{ type: 'Established', status: 'True' }] : [] } };
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ kind: 'CustomResourceDefinitionList', metadata: { resourceVersion: '7' }, items: [crd] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = new KubeClient({
    server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tls: { rejectUnauthorized: true }, headers: async () => ({}),
    timeoutMs: 0, concurrency: 4, userAgent: 'test',
  });
  try {
    const started = Date.now();
    const result = await waitEstablished(client, 'v1beta1', ['widgets.example.com'], 10_000);
    return { result, took: Date.now() - started, ...counts };
  } finally {
    client.close();
    server.closeAllConnections();
    server.close();
  }
}

test('a watch that stays silent (a proxy holding the stream back): the LISTs beside it end the wait', async () => {
  const r = await waitAgainst(100, (res) => res.flushHeaders()); // and never an event
  assert.equal([r.result, r.watches], [[], 1]);
  assert.ok(r.took < 100 + 2 * POLL_BESIDE_WATCH_MS + 500, `${r.took} ms`);
});

test('a watch the server ends before the condition (its timeout, a restart): the LISTs go back to every 10 ms', async () => {
  const r = await waitAgainst(300, (res) => res.end());
  assert.equal([r.result, r.watches], [[], 1]);
  // Beside a running watch the 300 ms would hold two LISTs; polling every 10 ms, many more.
  assert.ok(r.lists > 2 + Math.ceil(300 / POLL_BESIDE_WATCH_MS), `${r.lists} LISTs`);
});

test('Ctrl-C while migrate waits on the watch: exit 130 at once, no Calico object written', () => withCluster({ scenario: 'calico-v2.4', crdEstablishDelayMs: 60_000 }, async (c, _cli, dir) => {
  const backup = await runCli(['--kubeconfig', c.kubeconfigPath, 'backup', '-d', path.join(dir, 'b')]);
  assert.is(backup.code, 0, backup.stderr);
  const run = startCliProcess(['--kubeconfig', c.kubeconfigPath, 'migrate', '--backup', path.join(dir, 'b')]);
  const watching = setInterval(() => {
    if (!c.requests.some((r) => r.path === CRDS_PATH && r.query.includes('watch=true'))) return;
    clearInterval(watching);
    setTimeout(() => run.child.kill('SIGINT'), 100); // the CRD creates answered, the wait under way
  }, 5);
  const r = await run.done;
  clearInterval(watching);
  assert.is(r.code, 130, r.stderr);
  assert.match(r.stderr, /interrupted by SIGINT/);
  assert.ok(r.ms < 20_000, `${r.ms} ms: not held until the 60 s establish timeout`);
  assert.equal(c.writes().filter((w) => !w.review && w.path.startsWith('/apis/crd.projectcalico.org/')), [], 'no Calico object written');
}));

test.run();
