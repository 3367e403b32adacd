// The one Connection, end to end against the simulated cluster: every way of authenticating and every way of failing
// to connect ends in exit 0 or a clear exit 3, never a stack trace.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as yaml from 'js-yaml';
import { startCluster, type Cluster } from '../cluster/index.js';
import { runCli } from '../support/cli.js';
import { findKubectls } from '../support/kubectl.js';

let cluster: Cluster;
let dir: string;
const PKI = new URL('../cluster/pki/', import.meta.url).pathname;

test.before(async () => {
  cluster = await startCluster({ scenario: 'calico-v2.4' });
  dir = mkdtempSync(path.join(tmpdir(), 'conn-test-'));
});
test.after(async () => { await cluster.stop(); });

type Kubeconfig = { clusters: Array<{ cluster: Record<string, unknown> }>; users: Array<{ name: string; user: Record<string, unknown> }> };
function variant(name: string, edit: (k: Kubeconfig) => void): string {
  const config = yaml.load(readFileSync(cluster.kubeconfigPath, 'utf8')) as Kubeconfig;
  edit(config);
  const file = path.join(dir, name);
  writeFileSync(file, yaml.dump(config));
  return file;
}
const noStack = (stderr: string): void => assert.not.match(stderr, /\n\s+at /, 'no stack trace');

test('bearer token context: server version and context', async () => {
  const r = await runCli(['version', '-o', 'json', '--kubeconfig', cluster.kubeconfigPath]);
  assert.is(r.code, 0, r.stderr);
  const data = JSON.parse(r.stdout);
  assert.is(data.serverVersion.gitVersion, 'v1.7.16');
  assert.is(data.context, 'admin');
  assert.is(data.server, cluster.url);
});

test('client certificate context', async () => {
  const r = await runCli(['version', '--kubeconfig', cluster.kubeconfigPath, '--context', 'admin-cert']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, 'Server Version: v1.7.16');
  assert.match(r.stdout, 'Context: admin-cert');
});

test('CA from a file (--certificate-authority) instead of CA data', async () => {
  const file = variant('no-ca.yaml', (k) => { delete k.clusters[0]!.cluster['certificate-authority-data']; });
  const without = await runCli(['version', '--kubeconfig', file]);
  assert.is(without.code, 3, 'without any CA the server is not trusted');
  const r = await runCli(['version', '--kubeconfig', file, '--certificate-authority', path.join(PKI, 'ca.crt')]);
  assert.is(r.code, 0, r.stderr);
});

test('wrong CA → exit 3 with a TLS message and what to do', async () => {
  const file = variant('wrong-ca.yaml', (k) => { k.clusters[0]!.cluster['certificate-authority-data'] = Buffer.from(readFileSync(path.join(PKI, 'client-admin.crt'))).toString('base64'); });
  const r = await runCli(['version', '--kubeconfig', file]);
  assert.is(r.code, 3);
  assert.match(r.stderr, /^error: Unable to connect to the server https:\/\/127\.0\.0\.1:\d+: TLS: /);
  assert.match(r.stderr, /certificate-authority/);
  noStack(r.stderr);
});

test('--insecure-skip-tls-verify connects without a CA and warns on stderr', async () => {
  const file = variant('insecure.yaml', (k) => { delete k.clusters[0]!.cluster['certificate-authority-data']; });
  const r = await runCli(['version', '--kubeconfig', file, '--insecure-skip-tls-verify']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, /warning: TLS verification is off/);
});

test('wrong token → exit 3 Unauthorized', async () => {
  const r = await runCli(['version', '--kubeconfig', cluster.kubeconfigPath, '--token', 'not-the-token']);
  assert.is(r.code, 3);
  assert.match(r.stderr, /^error: Unauthorized: the server rejected the credentials/);
  noStack(r.stderr);
});

test('unreachable server (closed port) → exit 3 at once', async () => {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  const r = await runCli(['version', '--server', `https://127.0.0.1:${port}`, '--token', 'x', '--insecure-skip-tls-verify']);
  assert.is(r.code, 3);
  assert.match(r.stderr, /Unable to connect to the server https:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
});

test('a server that never answers → exit 3 within --request-timeout', async () => {
  const sockets = new Set<net.Socket>();
  const blackhole = net.createServer((s) => { sockets.add(s); });
  await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
  const port = (blackhole.address() as net.AddressInfo).port;
  try {
    const started = Date.now();
    const r = await runCli(['version', '--server', `https://127.0.0.1:${port}`, '--token', 'x', '--insecure-skip-tls-verify', '--request-timeout', '1s']);
    const took = Date.now() - started;
    assert.is(r.code, 3);
    assert.match(r.stderr, /timed out/);
    assert.ok(took < 10_000, `gave up after ${took} ms`);
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => blackhole.close(resolve));
  }
});

test('KUBECONFIG list: missing files skipped, the first file that sets current-context wins', async () => {
  const other = variant('other.yaml', (k) => { (k as unknown as Record<string, unknown>)['current-context'] = 'nobody'; });
  const r = await runCli(['version', '-o', 'json'], { env: { KUBECONFIG: [path.join(dir, 'missing.yaml'), cluster.kubeconfigPath, other].join(':') } });
  assert.is(r.code, 0, r.stderr);
  assert.is(JSON.parse(r.stdout).context, 'admin');
});

test('an unknown --context → exit 3 naming it', async () => {
  const r = await runCli(['version', '--kubeconfig', cluster.kubeconfigPath, '--context', 'prod']);
  assert.is(r.code, 3);
  assert.match(r.stderr, /context "prod"/);
  noStack(r.stderr);
});

test('-v logs requests on stderr with the token redacted; stdout keeps only the result', async () => {
  const token = cluster.users.admin!.token;
  const r = await runCli(['version', '--kubeconfig', cluster.kubeconfigPath, '-v', '-v', '-v']);
  assert.is(r.code, 0);
  assert.match(r.stderr, /GET https:\/\/127\.0\.0\.1:\d+\/version 200 in \d+ ms/);
  assert.match(r.stderr, /"Authorization":"Bearer <redacted>"/);
  assert.not.match(r.stderr, token);
  assert.not.match(r.stdout, /GET /);
});

test('-n sets the Calico namespace (default kube-system): only its data is planned; a namespace with a stray object is refused', async () => {
  const r = await runCli(['migrate', '--dry-run', '-o', 'json', '--kubeconfig', cluster.kubeconfigPath, '-n', 'kube-system']);
  assert.is(r.code, 0, r.stderr);
  // The dry-run's List: every CR it would create comes from kube-system (its provenance names the source).
  const planned = JSON.parse(r.stdout).items.filter((o: { apiVersion: string }) => o.apiVersion === 'crd.projectcalico.org/v1');
  assert.ok(planned.length > 0);
  assert.ok(planned.every((o: { metadata: { annotations: Record<string, string> } }) => o.metadata.annotations['calico-migrate.projectcalico.org/source']!.split('/')[1] === 'kube-system'));
  // default holds one GlobalConfig someone created there by mistake: not a Calico installation.
  const stray = await runCli(['migrate', '--dry-run', '-o', 'json', '--kubeconfig', cluster.kubeconfigPath, '-n', 'default']);
  assert.is(stray.code, 2, stray.stderr);
  assert.match(stray.stderr, /namespace default has no calico\/node DaemonSet and only 1 Calico object/);
});

// Async on purpose: the simulated cluster lives in this process and must keep answering while kubectl runs.
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (status) => { clearTimeout(timer); resolve({ status, stdout, stderr }); });
  });
}

const kubectl = findKubectls()[0];
test('real kubectl finds the plugin on PATH and passes arguments through', async () => {
  if (!kubectl) { console.log('  (skipped: no kubectl on this machine)'); return; }
  const bin = new URL('../../bin/', import.meta.url).pathname;
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
  const help = await run(kubectl.path, ['calico-migrate', '--help'], env);
  assert.is(help.status, 0, help.stderr);
  assert.match(help.stdout, 'Usage: kubectl calico-migrate VERB [flags]');
  const version = await run(kubectl.path, ['calico-migrate', 'version', '--kubeconfig', cluster.kubeconfigPath], env);
  assert.is(version.status, 0, version.stderr);
  assert.match(version.stdout, 'Server Version: v1.7.16');
  const list = await run(kubectl.path, ['plugin', 'list'], env);
  assert.match(list.stdout, path.join(bin, 'kubectl-calico_migrate'));
});

test.run();
