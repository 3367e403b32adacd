import { test } from 'uvu';
import * as assert from 'uvu/assert';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeMetadataList, NotJsonError, trimToMetadata, WORKER_THRESHOLD_BYTES } from '../../src/kube/metadata-list.js';
import { KubeClient } from '../../src/kube/client.js';
import { KubeError } from '../../src/kube/errors.js';
import { readNodeAnnotations } from '../../src/cluster/nodes.js';
import { generateScenario, startCluster } from '../cluster/index.js';
import { connect } from '../../src/kube/connection.js';

const node = (i: number) => ({
  kind: 'Node', apiVersion: 'v1',
  metadata: {
    name: `node-${i}`, uid: `uid-${i}`, resourceVersion: String(100 + i), labels: { 'kubernetes.io/hostname': `node-${i}` },
    annotations: { 'projectcalico.org/IPv4Address': `10.0.0.${i}/24`, 'node.alpha.kubernetes.io/ttl': '0' },
  },
  spec: { podCIDR: `192.168.${i}.0/24` },
  status: { images: Array.from({ length: 12 }, (_, j) => ({ names: [`image-${j}:v1`], sizeBytes: j })) },
});
const nodeList = (n: number) => ({ kind: 'NodeList', apiVersion: 'v1', metadata: { selfLink: '/api/v1/nodes', resourceVersion: '4242' }, items: Array.from({ length: n }, (_, i) => node(i)) });

test('trimToMetadata keeps name, namespace, resourceVersion and the annotations asked for; drops labels, spec and status', () => {
  const meta = (i: number, annotations: Record<string, string>) => ({ metadata: { name: `node-${i}`, resourceVersion: String(100 + i), annotations } });
  assert.equal(trimToMetadata(nodeList(2)), { metadata: { resourceVersion: '4242' }, items: [0, 1].map((i) => meta(i, node(i).metadata.annotations)) });
  assert.equal(trimToMetadata(nodeList(2), 'projectcalico\\.org/', '').items, [0, 1].map((i) => meta(i, { 'projectcalico.org/IPv4Address': `10.0.0.${i}/24` })));
  assert.equal(trimToMetadata(nodeList(1), '^NO-SUCH-KEY$', 'i').items, [meta(0, {})], 'no match: an empty annotations map');
  assert.equal(trimToMetadata({ kind: 'NodeList', metadata: {} }), { metadata: { resourceVersion: undefined }, items: [] }, 'no items field: an empty list');
  assert.equal(trimToMetadata({ items: [{ metadata: { name: 'a', namespace: 'kube-system' } }] }).items, [{ metadata: { name: 'a', namespace: 'kube-system', annotations: {} } }]);
});

test('a big body is decoded on a worker thread with the same result as in place, annotation filter included', async () => {
  const list = nodeList(3000);
  const calico = /^projectcalico\.org\//;
  for (const annotations of [undefined, calico]) {
    const body = Buffer.from(JSON.stringify(list));
    assert.ok(body.length > WORKER_THRESHOLD_BYTES, `the fixture is big enough for the worker (${body.length} bytes)`);
    const inPlace = await decodeMetadataList(Buffer.from(body), annotations, undefined, Infinity);
    const viaWorker = await decodeMetadataList(body, annotations);
    assert.equal(viaWorker, inPlace);
    assert.equal(viaWorker, trimToMetadata(list, annotations?.source, annotations?.flags));
    assert.is(body.length, 0, 'the body was handed to the worker, not copied');
  }
  assert.equal((await decodeMetadataList(Buffer.from(JSON.stringify(list)), calico)).items[7]!.metadata.annotations, { 'projectcalico.org/IPv4Address': '10.0.0.7/24' });
});

test('a body that is not JSON is a NotJsonError on both paths', async () => {
  const bad = '{"kind":"NodeList","items":[{"metadata":{"name":"a"}},';
  for (const threshold of [Infinity, 0]) {
    const err = await decodeMetadataList(Buffer.from(bad), undefined, undefined, threshold).then(() => undefined, (e: unknown) => e);
    assert.instance(err, NotJsonError, `threshold ${threshold}`);
  }
});

test('an abort stops the worker and rejects with the abort reason', async () => {
  const controller = new AbortController();
  const pending = decodeMetadataList(Buffer.from(JSON.stringify(nodeList(20000))), undefined, controller.signal, 0);
  const reason = new Error('interrupted');
  controller.abort(reason);
  const err = await pending.then(() => undefined, (e: unknown) => e);
  assert.is(err, reason);
});

test('readNodeAnnotations over a list big enough for the worker equals the plain list, Calico keys only', async () => {
  const cluster = await startCluster({ scenario: generateScenario({ nodes: 4000, nodePeers: 40, seed: 3 }) });
  try {
    const { client } = await connect({ flags: { kubeconfig: cluster.kubeconfigPath }, env: {}, namespace: 'kube-system', timeoutMs: 30_000, concurrency: 4, userAgent: 'test' });
    const plain = await client.list<{ items: Array<{ metadata: { name: string; resourceVersion: string; annotations?: Record<string, string> } }> }>({ group: '', version: 'v1', resource: 'nodes' });
    assert.ok(JSON.stringify(plain).length > WORKER_THRESHOLD_BYTES, 'the Node list is big enough for the worker');
    const nodes = await readNodeAnnotations(client);
    assert.is(nodes.length, 4000);
    const expected = plain.items.map((n) => ({
      node: n.metadata.name, resourceVersion: n.metadata.resourceVersion,
      annotations: Object.fromEntries(Object.entries(n.metadata.annotations ?? {}).filter(([k]) => k.includes('projectcalico.org/'))),
    }));
    assert.equal(nodes, expected);
    assert.ok(nodes.some((n) => Object.keys(n.annotations).some((k) => k.startsWith('projectcalico.org/'))), 'the fixture has Calico annotations');
    client.close();
  } finally {
    await cluster.stop();
  }
});

test('a metadata list answered with something that is not JSON → BadResponse naming the request, via the worker too', async () => {
  const garbage = `{"kind":"NodeList","items":[${'{"metadata":{"name":"n"}},'.repeat(60000)}`;
  const server = http.createServer((_req, res) => { res.writeHead(200, { 'Content-Type': 'application/json' }); res.end(garbage); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = new KubeClient({ server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tls: { rejectUnauthorized: true }, headers: async () => ({}), timeoutMs: 5000, concurrency: 2, userAgent: 'test' });
  try {
    assert.ok(garbage.length > WORKER_THRESHOLD_BYTES);
    const err = await client.listMetadata({ group: '', version: 'v1', resource: 'nodes' }).then(() => undefined, (e: unknown) => e);
    assert.instance(err, KubeError);
    assert.is((err as KubeError).reason, 'BadResponse');
    assert.match((err as KubeError).message, /answered GET \/api\/v1\/nodes with something that is not JSON: \{"kind":"NodeList".*… \(\d+ bytes\)/);
  } finally {
    client.close();
    server.close();
  }
});

test.run();
