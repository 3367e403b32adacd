// Bad input, part 1: every way the connection can be wrong. Each is refused with the expected exit code and a plain
// message naming what failed (never a stack trace), and nothing is written to the cluster.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as yaml from 'js-yaml';
import { startCluster, type Cluster } from '../cluster/index.js';
import { runCli } from '../support/cli.js';
import { acceptedWrites, assertNoStack, newTally } from './support.js';
import { nonReviewWrites } from '../support/state.js';

const tally = newTally('bad input: connection');
const PKI = new URL('../cluster/pki/', import.meta.url).pathname;
let cluster: Cluster;
let dir: string;

test.before(async () => {
  cluster = await startCluster({ scenario: 'calico-v2.4' });
  dir = mkdtempSync(path.join(tmpdir(), 'bad-conn-'));
});
test.after(async () => {
  await cluster.stop();
});

interface Case { argv: string[]; env?: Record<string, string>; code: number; message: RegExp; cluster?: Cluster }

/** Runs a refused invocation: its exit code, its message, no stack trace, and no write accepted by the cluster. */
async function refused(c: Case): Promise<string> {
  const target = c.cluster ?? cluster;
  const before = acceptedWrites(target).length;
  const r = await runCli(c.argv, { env: c.env });
  assert.is(r.code, c.code, `exit ${c.code} expected:\n${r.stderr}`);
  assert.match(r.stderr, c.message);
  assert.is(r.stdout, '', 'no result on stdout');
  assertNoStack(r.stderr);
  assert.is(acceptedWrites(target).length, before, 'nothing written');
  tally.refused++;
  return r.stderr;
}

function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

type Kubeconfig = { clusters: Array<{ cluster: Record<string, unknown> }>; users: Array<{ name: string; user: Record<string, unknown> }> };
function kubeconfigVariant(name: string, edit: (k: Kubeconfig) => void): string {
  const config = yaml.load(readFileSync(cluster.kubeconfigPath, 'utf8')) as Kubeconfig;
  edit(config);
  return file(name, yaml.dump(config));
}

test('malformed kubeconfig (broken YAML) → exit 3 naming the file', async () => {
  const p = file('malformed', 'apiVersion: v1\nclusters: [\n  - {');
  await refused({ argv: ['migrate', '--kubeconfig', p], code: 3, message: /kubeconfig .*malformed is not valid YAML/ });
});

test('empty kubeconfig → exit 3: nothing to connect to', async () => {
  const p = file('empty', '');
  await refused({ argv: ['migrate', '--kubeconfig', p], code: 3, message: /no current-context is set in .*empty/ });
});

test('binary kubeconfig → exit 3 naming the file', async () => {
  const p = file('binary', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 255, 254, 0, 10, 13, 200]));
  await refused({ argv: ['migrate', '--kubeconfig', p], code: 3, message: /kubeconfig .*binary is not valid YAML/ });
});

test('--kubeconfig /dev/zero (endless) → exit 3 at once: larger than 16 MiB, not a kubeconfig', async () => {
  const started = Date.now();
  await refused({ argv: ['migrate', '--kubeconfig', '/dev/zero'], code: 3, message: /kubeconfig \/dev\/zero is larger than 16 MiB: not a kubeconfig/ });
  assert.ok(Date.now() - started < 5000, 'fails fast');
});

test('a 17 MiB kubeconfig (sparse) → exit 3, larger than 16 MiB', async () => {
  const p = file('huge', '');
  truncateSync(p, 17 * 1024 * 1024);
  await refused({ argv: ['migrate', '--kubeconfig', p], code: 3, message: /kubeconfig .*huge is larger than 16 MiB/ });
});

test('--client-key /dev/zero → exit 3 naming the key file, larger than 16 MiB', async () => {
  const pki = (name: string) => path.join(PKI, name);
  await refused({ argv: ['migrate', '--kubeconfig', cluster.kubeconfigPath, '--client-certificate', pki('client-admin.crt'), '--client-key', '/dev/zero'], code: 3,
    message: /cannot read client-key of .*: \/dev\/zero is larger than 16 MiB/ });
});

test('a client certificate that is not PEM → exit 3 naming the file', async () => {
  const cert = file('not-pem.crt', 'not a certificate');
  await refused({ argv: ['migrate', '--kubeconfig', cluster.kubeconfigPath, '--client-certificate', cert, '--client-key', path.join(PKI, 'client-admin.key')], code: 3,
    message: /the client certificate of user "admin" \(.*not-pem\.crt\) cannot be used: it is not a PEM certificate/ });
});

test('a client key that is not PEM → exit 3 naming the file', async () => {
  const key = file('not-pem.key', 'garbage');
  await refused({ argv: ['migrate', '--kubeconfig', cluster.kubeconfigPath, '--client-certificate', path.join(PKI, 'client-admin.crt'), '--client-key', key], code: 3,
    message: /the client key of user "admin" \(.*not-pem\.key\) cannot be used: it is not a PEM private key/ });
});

test('a client key that does not belong to the certificate → exit 3', async () => {
  await refused({ argv: ['migrate', '--kubeconfig', cluster.kubeconfigPath, '--client-certificate', path.join(PKI, 'client-admin.crt'), '--client-key', path.join(PKI, 'client-readonly.key')], code: 3,
    message: /client-admin\.crt\) and its key cannot be used: the key does not belong to the certificate/ });
});

test('a line break in --token, --as or --as-group → exit 4 (the flag is wrong), the token never echoed', async () => {
  const stderr = await refused({ argv: ['migrate', '--kubeconfig', cluster.kubeconfigPath, '--token', 'secret-part\nmore'], code: 4, message: /invalid value for --token: it contains a line break/ });
  assert.not.match(stderr, /secret-part/);
  await refused({ argv: ['migrate', '--kubeconfig', cluster.kubeconfigPath, '--as', 'me\nyou'], code: 4, message: /invalid value "me\\nyou" for --as: it contains a line break/ });
  await refused({ argv: ['migrate', '--kubeconfig', cluster.kubeconfigPath, '--as', 'me', '--as-group', 'ops\r\nroot'], code: 4, message: /for --as-group: it contains a line break/ });
});

test('a line break in the kubeconfig user\'s token → exit 3 naming the user (the file is wrong)', async () => {
  const p = kubeconfigVariant('token-newline.yaml', (k) => { k.users[0]!.user.token = 'abc\r\ndef'; });
  await refused({ argv: ['migrate', '--kubeconfig', p], code: 3, message: /the token of user "admin" cannot be sent: it contains a line break/ });
});

for (const [what, script, message] of [
  ['fails (exit 1, a message on stderr)', 'echo "no credentials for you" >&2; exit 1', /the exec credential plugin plugin-\d+\.sh of user "admin" failed: no credentials for you \(exit code 1\)/],
  ['prints something that is not JSON', 'echo hello', /the exec credential plugin plugin-\d+\.sh of user "admin" failed: its output is not an ExecCredential \(not JSON\)/],
  ['does not exist', undefined, /the exec credential plugin missing-plugin of user "admin" failed: executable \S*missing-plugin not found/],
] as const) {
  test(`an exec credential plugin that ${what} → exit 3, one line and the hint`, async () => {
    const command = script === undefined ? path.join(dir, 'missing-plugin') : file(`plugin-${what.length}.sh`, `#!/bin/sh\n${script}\n`);
    if (script !== undefined) chmodSync(command, 0o755);
    const p = kubeconfigVariant(`exec-${what.length}.yaml`, (k) => { k.users[0]!.user = { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command } }; });
    const stderr = await refused({ argv: ['migrate', '--kubeconfig', p], code: 3, message });
    // The plugin's own stderr is shown as it writes it (as kubectl does), then one line and what to do.
    const shown = script?.includes('>&2') ? 1 : 0;
    assert.is(stderr.trim().split('\n').length, 2 + shown, stderr);
  });
}

test('a --context that does not exist → exit 3 naming it and the known ones', async () => {
  await refused({ argv: ['migrate', '--kubeconfig', cluster.kubeconfigPath, '--context', 'prod'], code: 3, message: /context "prod" does not exist .*known contexts: admin/ });
});

test('KUBECONFIG listing only missing files → exit 3 naming them', async () => {
  await refused({ argv: ['migrate'], env: { KUBECONFIG: `${dir}/nope-1:${dir}/nope-2` }, code: 3, message: /none of the KUBECONFIG files exist: .*nope-1, .*nope-2/ });
});

test('unreachable server (a closed port) → exit 3 naming the server', async () => {
  const port = await closedPort();
  await refused({ argv: ['migrate', '--kubeconfig', cluster.kubeconfigPath, '--server', `https://127.0.0.1:${port}`], code: 3, message: new RegExp(`Unable to connect to the server https://127.0.0.1:${port}.*ECONNREFUSED`) });
});

test('wrong CA → exit 3 with a TLS message and the way out', async () => {
  const p = kubeconfigVariant('wrong-ca', (k) => { k.clusters[0]!.cluster['certificate-authority-data'] = readFileSync(path.join(PKI, 'client-admin.crt')).toString('base64'); });
  await refused({ argv: ['migrate', '--kubeconfig', p], code: 3, message: /TLS: .*\n.*certificate-authority/ });
});

test('expired or wrong token (401) → exit 3 Unauthorized', async () => {
  await refused({ argv: ['migrate', '--kubeconfig', cluster.kubeconfigPath, '--token', 'expired-token-123'], code: 3, message: /Unauthorized: the server rejected the credentials/ });
});

test('forbidden (403) → exit 3 naming the verb and the resource', async () => {
  const stderr = await refused({ argv: ['migrate', '--kubeconfig', cluster.kubeconfigPath, '--context', 'nobody'], code: 3, message: /Forbidden: .*cannot list thirdpartyresources/ });
  assert.match(stderr, /Grant the caller "list" on thirdpartyresources\.extensions/);
});

test('forbidden write (403 for a read-only user) → exit 3 naming create on customresourcedefinitions; nothing written', async () => {
  const stderr = await refused({ argv: ['migrate', '--kubeconfig', cluster.kubeconfigPath, '--context', 'readonly'], code: 3, message: /Forbidden: .*cannot create customresourcedefinitions/ });
  assert.match(stderr, /Grant the caller "create" on customresourcedefinitions/);
});

for (const [label, contentType, body] of [
  ['HTML (a login page or proxy error)', 'text/html', '<!DOCTYPE html><html><body><h1>Sign in</h1></body></html>'],
  ['garbage JSON', 'application/json', '{"kind": "APIVersions", "versions": [tru'],
] as const) {
  test(`a server answering ${label} → exit 3, not a crash`, async () => {
    const { url, close } = await fakeServer(contentType, body);
    try {
      const stderr = await refused({ argv: ['migrate', '--kubeconfig', cluster.kubeconfigPath, '--server', url], code: 3, message: /error: / });
      assert.match(stderr, /answered GET \S+ with something that is not JSON[\s\S]*points at a Kubernetes API server/, 'says what is wrong with the answer');
      assert.not.match(stderr, /SyntaxError|Unexpected token/, 'not a raw parser error');
    } finally {
      await close();
    }
  });
}

test('a Kubernetes 1.6 server (no CRD API) → migrate refused, exit 2, nothing written', async () => {
  const old = await startCluster({ scenario: 'calico-v2.4', mode: '1.6' });
  try {
    await refused({ argv: ['migrate', '--kubeconfig', old.kubeconfigPath], code: 2, message: /no CustomResourceDefinition API \(Kubernetes 1\.6/, cluster: old });
    await refused({ argv: ['verify', '--kubeconfig', old.kubeconfigPath], code: 2, message: /no CustomResourceDefinition API \(Kubernetes 1\.6/, cluster: old });
    assert.equal(old.writes(), [], 'not even an attempt');
  } finally {
    await old.stop();
  }
});

test('a Kubernetes 1.8 server (no TPR API) → migrate refused, exit 2, with the way out', async () => {
  const late = await startCluster({ scenario: 'k8s-1.8-broken' });
  try {
    await refused({ argv: ['migrate', '--kubeconfig', late.kubeconfigPath], code: 2, message: /no ThirdPartyResource API[\s\S]*restore --target crd/, cluster: late });
    assert.equal(nonReviewWrites(late), []);
  } finally {
    await late.stop();
  }
});

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** An HTTPS server with the simulated cluster's certificate (so TLS passes) that answers every request with `body`. */
async function fakeServer(contentType: string, body: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = https.createServer({ cert: readFileSync(path.join(PKI, 'server.crt')), key: readFileSync(path.join(PKI, 'server.key')) }, (_req, res) => {
    res.writeHead(200, { 'content-type': contentType });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { url: `https://127.0.0.1:${port}`, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

test.run();
