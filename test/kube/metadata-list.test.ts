import { test } from 'uvu';
import * as assert from 'uvu/assert';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MetadataListScanner, NotJsonError, type MetadataList } from '../../src/kube/metadata-list.js';
import { KubeClient } from '../../src/kube/client.js';
import { KubeError } from '../../src/kube/errors.js';
import { clientFor } from '../support/client.js';
import { readNodeAnnotations } from '../../src/cluster/nodes.js';
import { seededRandom } from '../cluster/faults.js';
import { generateScenario, startCluster } from '../cluster/index.js';

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

/** What the scanner must produce, computed the plain way: parse everything, keep the metadata. */
function expected(list: any, keep?: RegExp): MetadataList {
  return {
    metadata: { resourceVersion: list.metadata?.resourceVersion },
    items: list.items.map((item: any) => {
      const m = item.metadata;
      const annotations = Object.fromEntries(Object.entries(m.annotations ?? {}).filter(([k]) => !keep || keep.test(k))) as Record<string, string>;
      return { metadata: { name: m.name, ...(m.namespace !== undefined ? { namespace: m.namespace } : {}), ...(m.resourceVersion !== undefined ? { resourceVersion: m.resourceVersion } : {}), annotations } };
    }),
  };
}

/** Feeds `body` in chunks of the given sizes (cycled), as a socket would. */
function scan(body: Buffer, sizes: number[], keep?: RegExp): MetadataList {
  const scanner = new MetadataListScanner(keep);
  for (let at = 0, k = 0; at < body.length; k++) {
    const size = Math.max(1, sizes[k % sizes.length]!);
    scanner.write(body.subarray(at, at + size));
    at += size;
  }
  return scanner.end();
}

const randomSizes = (seed: number, max: number) => { const r = seededRandom(seed); return Array.from({ length: 64 }, () => 1 + Math.floor(r() * max)); };

test('a Node list scanned in any chunking gives what parsing it whole gives: the list resourceVersion and every item\'s metadata', () => {
  const list = nodeList(300);
  const body = Buffer.from(JSON.stringify(list));
  for (const sizes of [[body.length], [1], [7], [16384], randomSizes(1, 50), randomSizes(2, 5000)]) {
    assert.equal(scan(body, sizes), expected(list), `chunks ${sizes.slice(0, 3).join(',')}…`);
  }
  const calico = /^projectcalico\.org\//;
  assert.equal(scan(body, [333], calico), expected(list, calico));
  assert.equal(scan(body, [333], calico).items[7]!.metadata.annotations, { 'projectcalico.org/IPv4Address': '10.0.0.7/24' });
});

test('strings that look like structure, escapes, multi-byte characters split across chunks, any key order, whitespace', () => {
  const tricky = {
    apiVersion: 'v1',
    items: [
      { spec: { note: 'a } b ] c { d [ "metadata": {"name":"fake"} \\" \\\\', metadata: { name: 'inner-not-this' } },
        metadata: { name: 'first', namespace: 'kube-system', annotations: { 'projectcalico.org/x': 'braces {}[] and "quotes" and \\ backslash', 'é': 'ünïcødé ✓ 𝄞' } },
        status: { list: [[{ metadata: { name: 'deep' } }], '"metadata"'], escaped: 'a \\"} ] quoted\\" and a trailing backslash \\', after: '}]}]' } },
      { metadata: { name: 'second', resourceVersion: '7' } },
      { kind: 'Node', metadata: { name: 'no-annotations', annotations: {} }, spec: {} },
    ],
    metadata: { resourceVersion: '99', 'continue': '' },
    kind: 'NodeList',
  };
  const compact = Buffer.from(JSON.stringify(tricky));
  const pretty = Buffer.from(JSON.stringify(tricky, null, 2).replace(/\n/g, '\r\n'));
  for (const body of [compact, pretty]) {
    for (const sizes of [[1], [2], [3], randomSizes(3, 20)]) assert.equal(scan(body, sizes), expected(tricky), `${body === pretty ? 'pretty' : 'compact'} in chunks ${sizes[0]}…`);
  }
  assert.equal(scan(compact, [5]).items.map((i) => i.metadata.name), ['first', 'second', 'no-annotations'], 'metadata nested deeper in spec or status is not an item\'s');
});

test('an empty list, and a list without items', () => {
  assert.equal(scan(Buffer.from('{"kind":"NodeList","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[]}'), [4]), { metadata: { resourceVersion: '1' }, items: [] });
  assert.equal(scan(Buffer.from(' \n{"kind":"NodeList","metadata":{}} '), [3]), { metadata: { resourceVersion: undefined }, items: [] });
});

test('a body that is not a JSON list is a NotJsonError', () => {
  const bad = ['', '   ', '<!DOCTYPE html><html><body>Sign in</body></html>', '[1,2,3]', '{"kind":"NodeList","items":[{"metadata":{"name":"a"}},',
    '{"items":[{"metadata":{"name":"a"]}}]}', '{"items":[{"metadata":{"name":"a}}]}', '{"items":[{"metadata":{name:"a"}}]}', '{"a":1}}',
    // after an item's metadata (the part that is only walked for its brackets)
    '{"items":[{"metadata":{"name":"a"},"spec":[}]}', '{"items":[{"metadata":{"name":"a"},"spec":[}]]}', '{"items":[{"metadata":{"name":"a"},"spec":{"x":"y}]}', '{"items":[{"metadata":{"name":"a"},"spec":{"x":"y\\"}}]}'];
  for (const text of bad) {
    const err = (() => { try { scan(Buffer.from(text), [3]); return undefined; } catch (e) { return e; } })();
    assert.instance(err, NotJsonError, JSON.stringify(text));
  }
});

// Found by metadata-list-fuzz.test.ts: keys compared as written, not as JSON reads them, so a list whose "items" key
// was written with an escape scanned as an empty list, with no problem reported. (Go's encoder never escapes these
// keys; any other JSON writer may.)
test('keys written with escapes are the keys JSON reads: "it\\u0065ms" is the list\'s items, "metad\\u0061ta" an item\'s metadata', () => {
  const text = '{"m\\u0065tadata":{"resourceVersion":"1"},"it\\u0065ms":[{"metad\\u0061ta":{"name":"a"}},{"\\u006detadata":{"name":"b"},"spec":{"x":"}"}}]}';
  assert.equal(scan(Buffer.from(text), [1]), expected(JSON.parse(text)));
  assert.equal(scan(Buffer.from(text), [5]).items.map((i) => i.metadata.name), ['a', 'b']);
});

// Found by metadata-list-fuzz.test.ts: once the list object had closed, what followed was scanned as more of the body
// (a second object's items were added to the first's), and before it a string or a comma passed.
test('anything but whitespace before or after the list object is a NotJsonError', () => {
  const list = '{"items":[{"metadata":{"name":"a"}}]}';
  for (const text of [`${list}${list}`, `${list},`, `${list} x`, `${list}"s"`, `${list}[]`, `"s"${list}`, `,${list}`, `{"a":"x"},{"items":[]}`]) {
    const err = (() => { try { scan(Buffer.from(text), [4]); return undefined; } catch (e) { return e; } })();
    assert.instance(err, NotJsonError, JSON.stringify(text));
  }
  assert.equal(scan(Buffer.from(` \r\n\t${list}\r\n `), [4]).items.length, 1);
});

// Found by metadata-list-fuzz.test.ts: annotations were copied by assignment, and assigning "__proto__" sets the
// object's prototype instead of adding the key JSON.parse gave.
test('an annotation named __proto__ is kept as a key', () => {
  const annotations = scan(Buffer.from('{"items":[{"metadata":{"name":"a","annotations":{"__proto__":"v","b":"c"}}}]}'), [3]).items[0]!.metadata.annotations;
  assert.equal(Object.keys(annotations), ['__proto__', 'b']);
  assert.is(Object.getOwnPropertyDescriptor(annotations, '__proto__')?.value, 'v');
  assert.is(Object.getPrototypeOf(annotations), Object.prototype);
});

test('readNodeAnnotations over 4,000 Nodes equals the plain list, Calico keys only', async () => {
  const cluster = await startCluster({ scenario: generateScenario({ nodes: 4000, nodePeers: 40, seed: 3 }) });
  try {
    const client = await clientFor(cluster, 4);
    const plain = await client.list<{ items: Array<{ metadata: { name: string; resourceVersion: string; annotations?: Record<string, string> } }> }>({ group: '', version: 'v1', resource: 'nodes' });
    const nodes = await readNodeAnnotations(client);
    assert.is(nodes.length, 4000);
    assert.equal(nodes, plain.items.map((n) => ({
      node: n.metadata.name, resourceVersion: n.metadata.resourceVersion,
      annotations: Object.fromEntries(Object.entries(n.metadata.annotations ?? {}).filter(([k]) => k.includes('projectcalico.org/'))),
    })));
    assert.ok(nodes.some((n) => Object.keys(n.annotations).some((k) => k.startsWith('peer.bgp.projectcalico.org/'))), 'the fixture has node-scoped peers');
    client.close();
  } finally {
    await cluster.stop();
  }
});

async function serving(status: number, body: string, fn: (client: KubeClient) => Promise<void>): Promise<void> {
  const server = http.createServer((_req, res) => { res.writeHead(status, { 'Content-Type': 'application/json' }); res.end(body); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = new KubeClient({ server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tls: { rejectUnauthorized: true }, headers: async () => ({}), timeoutMs: 5000, concurrency: 2, userAgent: 'test' });
  try {
    await fn(client);
  } finally {
    client.close();
    server.close();
  }
}

const nodesRef = { group: '', version: 'v1', resource: 'nodes' };

test('a metadata list answered with something that is not JSON → BadResponse naming the request and showing its start', async () => {
  const garbage = `{"kind":"NodeList","items":[${'{"metadata":{"name":"n"}},'.repeat(600)}`;
  await serving(200, garbage, async (client) => {
    const err = await client.listMetadata(nodesRef).then(() => undefined, (e: unknown) => e);
    assert.instance(err, KubeError);
    assert.is((err as KubeError).reason, 'BadResponse');
    assert.match((err as KubeError).message, `answered GET /api/v1/nodes with something that is not JSON: {"kind":"NodeList"`);
    assert.match((err as KubeError).message, `… (${garbage.length} bytes)`);
  });
});

test('an error answer to a metadata list is read whole and typed as usual', async () => {
  const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'nodes is forbidden: User "x" cannot list nodes at the cluster scope', reason: 'Forbidden', code: 403 };
  await serving(403, JSON.stringify(status), async (client) => {
    const err = await client.listMetadata(nodesRef).then(() => undefined, (e: unknown) => e);
    assert.instance(err, KubeError);
    assert.is((err as KubeError).reason, 'Forbidden');
  });
});

test.run();
