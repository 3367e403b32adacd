// Nothing leaks: a backup holds none of the kubeconfig's credentials; -vvv logs never show the bearer token, client
// key or an exec credential plugin's token; user info in a server URL is never printed, logged or stored; a failing
// exec plugin's stderr is redacted; TLS verification is always on unless --insecure-skip-tls-verify (which warns); a
// plain http:// server is sent no credentials.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as yaml from 'js-yaml';
import { startCluster, type Cluster } from '../cluster/index.js';
import { runCli } from '../support/cli.js';
import { newTally } from './support.js';

const tally = newTally('secrets');
let cluster: Cluster;
let work: string;
type Kubeconfig = { clusters: Array<{ cluster: Record<string, unknown> }>; users: Array<{ name: string; user: Record<string, unknown> }>; contexts: Array<{ name: string; context: Record<string, unknown> }> };
const kubeconfig = (): Kubeconfig => yaml.load(readFileSync(cluster.kubeconfigPath, 'utf8')) as Kubeconfig;

test.before(async () => {
  cluster = await startCluster({ scenario: 'calico-v2.4' });
  work = mkdtempSync(path.join(tmpdir(), 'secrets-'));
});
test.after(async () => {
  await cluster.stop();
});

/** Every credential the kubeconfig holds, in the forms it could leak (raw, base64, PEM body lines). */
function secrets(): string[] {
  const out: string[] = [];
  for (const { user } of kubeconfig().users) {
    if (typeof user.token === 'string') out.push(user.token);
    for (const key of ['client-key-data', 'client-certificate-data'] as const) {
      if (typeof user[key] !== 'string') continue;
      out.push(user[key] as string);
      const pem = Buffer.from(user[key] as string, 'base64').toString('utf8');
      out.push(...pem.split('\n').filter((l) => l.length > 40));
    }
  }
  return out;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(path.join(dir, n)).isDirectory() ? filesUnder(path.join(dir, n)) : [path.join(dir, n)]));
}

test('a backup holds no token, client certificate or key of the kubeconfig (token and cert contexts)', async () => {
  for (const context of ['admin', 'admin-cert']) {
    const dir = path.join(work, `backup-${context}`);
    const r = await runCli(['--kubeconfig', cluster.kubeconfigPath, '--context', context, 'backup', '-d', dir]);
    assert.is(r.code, 0, r.stderr);
    const all = filesUnder(dir).map((f) => readFileSync(f, 'utf8')).join('\n');
    const found = secrets().filter((s) => all.includes(s));
    assert.equal(found, [], `${context}: no credential in the backup`);
  }
});

test('-vvv with a token and with a client certificate: the token and the key never appear, Authorization is redacted', async () => {
  for (const context of ['admin', 'admin-cert']) {
    const r = await runCli(['--kubeconfig', cluster.kubeconfigPath, '--context', context, 'verify', '-vvv']);
    assert.match(r.stderr, /GET https:\/\//, 'requests are logged');
    const found = secrets().filter((s) => r.stderr.includes(s) || r.stdout.includes(s));
    assert.equal(found, [], `${context}: no credential in the logs`);
    if (context === 'admin') assert.match(r.stderr, /"authorization":"Bearer <redacted>"/i);
  }
});

test('an exec credential plugin: its token works and never appears in -vvv logs, nor does the plugin output', async () => {
  const token = cluster.users.admin!.token;
  const plugin = path.join(work, 'credential-plugin.sh');
  writeFileSync(plugin, `#!/bin/sh\necho '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"${token}"}}'\n`);
  chmodSync(plugin, 0o755);
  const config = kubeconfig();
  config.users.push({ name: 'exec-user', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: plugin, interactiveMode: 'Never' } } });
  config.contexts.push({ name: 'exec', context: { ...config.contexts[0]!.context, user: 'exec-user' } });
  const file = path.join(work, 'exec-kubeconfig.yaml');
  writeFileSync(file, yaml.dump(config));
  const r = await runCli(['--kubeconfig', file, '--context', 'exec', 'migrate', '--dry-run', '-vvv']);
  assert.is(r.code, 0, r.stderr);
  assert.ok(cluster.requests.some((q) => q.user === 'admin'), 'the plugin\'s token authenticated');
  assert.not.ok(r.stderr.includes(token) || r.stdout.includes(token), 'the token never appears');
  assert.not.match(r.stderr, /ExecCredential/, 'the plugin output never appears');
  tally.refused++;
});

test('user info in the server URL (https://user:pass@host) is never printed, logged or stored: manifest, version, warnings, errors, -vvv', async () => {
  const password = 'pa55-in-the-url';
  const config = kubeconfig();
  const url = new URL(cluster.url);
  config.clusters[0]!.cluster.server = `https://calico-admin:${password}@${url.host}`;
  const file = path.join(work, 'userinfo.yaml');
  writeFileSync(file, yaml.dump(config));
  const dir = path.join(work, 'backup-userinfo');
  const runs = [
    await runCli(['--kubeconfig', file, 'backup', '-d', dir, '-vvv']),
    await runCli(['--kubeconfig', file, 'version']),
    await runCli(['--kubeconfig', file, 'version', '-o', 'json']),
    await runCli(['--kubeconfig', file, 'verify', '-vvv']),
  ];
  // verify before migrate finds every object missing: exit 1, its negative answer.
  assert.equal(runs.map((r) => r.code), [0, 0, 0, 1], runs.map((r) => r.stderr).join('\n'));
  assert.match(runs[1]!.stdout, new RegExp(`https://${url.host.replace(/\./g, '\\.')}`), 'version names the server, without user info');
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  assert.is(manifest.cluster.server, `https://${url.host}`);
  // A warning and errors that name the server: TLS off, a server that does not answer, a server that is not a URL.
  const insecureConfig = kubeconfig();
  delete insecureConfig.clusters[0]!.cluster['certificate-authority-data'];
  insecureConfig.clusters[0]!.cluster.server = `https://calico-admin:${password}@${url.host}`;
  const insecure = path.join(work, 'userinfo-insecure.yaml');
  writeFileSync(insecure, yaml.dump(insecureConfig));
  const warned = await runCli(['--kubeconfig', insecure, '--insecure-skip-tls-verify', 'version']);
  assert.match(warned.stderr, /warning: TLS verification is off for https:\/\/127\.0\.0\.1:\d+ /);
  const closed = await runCli(['--kubeconfig', file, '--server', `https://calico-admin:${password}@127.0.0.1:1`, 'version']);
  assert.is(closed.code, 3);
  const invalid = await runCli(['--kubeconfig', file, '--server', `https://calico-admin:${password}@[nope`, 'version']);
  assert.is(invalid.code, 3);
  assert.match(invalid.stderr, /is not a valid URL/);
  const everything = [...runs, warned, closed, invalid].map((r) => r.stdout + r.stderr).join('\n') + filesUnder(dir).map((f) => readFileSync(f, 'utf8')).join('\n');
  assert.not.ok(everything.includes(password), 'the password appears nowhere');
  assert.not.ok(everything.includes('calico-admin'), 'nor the user name');
  tally.refused++;
});

test('user info in the server URL is sent as basic auth (as kubectl does) when the user has no credential of its own', async () => {
  const config = kubeconfig();
  const url = new URL(cluster.url);
  config.clusters[0]!.cluster.server = `https://calico-admin:pa55@${url.host}`;
  config.users.push({ name: 'bare', user: {} });
  config.contexts.push({ name: 'bare', context: { ...config.contexts[0]!.context, user: 'bare' } });
  const file = path.join(work, 'userinfo-bare.yaml');
  writeFileSync(file, yaml.dump(config));
  const r = await runCli(['--kubeconfig', file, '--context', 'bare', 'version', '-vvv']);
  assert.match(r.stderr, /"authorization":"Basic <redacted>"/i, 'sent as basic auth');
  assert.not.ok((r.stdout + r.stderr).includes('pa55'));
});

test('a failing exec credential plugin: its stderr is redacted like every other line', async () => {
  const plugin = path.join(work, 'failing-plugin.sh');
  const token = 'plugin-secret-token-0123456789';
  writeFileSync(plugin, `#!/bin/sh\necho 'login failed for https://me:hunter2@sso.example.com: refresh with Bearer ${token}' >&2\necho '{"token": "${token}"}' >&2\nexit 1\n`);
  chmodSync(plugin, 0o755);
  const config = kubeconfig();
  config.users.push({ name: 'failing-exec', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: plugin, interactiveMode: 'Never' } } });
  config.contexts.push({ name: 'failing-exec', context: { ...config.contexts[0]!.context, user: 'failing-exec' } });
  const file = path.join(work, 'failing-exec.yaml');
  writeFileSync(file, yaml.dump(config));
  for (const verbose of [[], ['-vvv']]) {
    const r = await runCli(['--kubeconfig', file, '--context', 'failing-exec', 'version', ...verbose]);
    assert.is(r.code, 3, r.stderr);
    assert.match(r.stderr, /exec credential plugin/);
    assert.match(r.stderr, /login failed for https:\/\/<redacted>@sso\.example\.com: refresh with Bearer <redacted>/, 'what it said, redacted');
    assert.not.ok((r.stdout + r.stderr).includes(token), 'the token never appears');
    assert.not.ok((r.stdout + r.stderr).includes('hunter2'));
    assert.not.match(r.stderr, /looks like a bug/);
  }
  tally.refused++;
});

test('TLS is verified by default (an unknown CA is refused, exit 3); --insecure-skip-tls-verify connects and warns', async () => {
  const config = kubeconfig();
  delete config.clusters[0]!.cluster['certificate-authority-data'];
  const file = path.join(work, 'no-ca.yaml');
  writeFileSync(file, yaml.dump(config));
  const strict = await runCli(['--kubeconfig', file, 'version']);
  assert.is(strict.code, 3);
  assert.match(strict.stderr, /TLS/);
  tally.refused++;
  const insecure = await runCli(['--kubeconfig', file, '--insecure-skip-tls-verify', 'version']);
  assert.is(insecure.code, 0, insecure.stderr);
  assert.match(insecure.stderr, /warning: TLS verification is off for https:\/\/127\.0\.0\.1:\d+ \(--insecure-skip-tls-verify\)/);
});

test('a plain http:// server never gets the credentials: no token and no client certificate (as kubectl), and a warning', async () => {
  const insecure = await startCluster({ scenario: 'calico-v2.4', insecurePort: true });
  try {
    for (const context of ['admin', 'admin-cert']) {
      const r = await runCli(['--kubeconfig', insecure.kubeconfigPath, '--context', context, '--server', insecure.insecureUrl!, '-vvv', 'version']);
      assert.is(r.code, 0, r.stderr);
      assert.match(r.stderr, /warning: http:\/\/127\.0\.0\.1:\d+ is plain HTTP: nothing is encrypted and, as with kubectl, no credentials are sent/);
      assert.not.match(r.stderr, /Authorization/i, 'no credential header is even formatted');
    }
    // With -o json the warning is also in the result, and stdout stays one JSON document.
    const json = await runCli(['--kubeconfig', insecure.kubeconfigPath, '--server', insecure.insecureUrl!, 'verify', '-o', 'json']);
    assert.match(JSON.parse(json.stdout).warnings[0], /^http:\/\/127\.0\.0\.1:\d+ is plain HTTP: nothing is encrypted/);
    const seen = insecure.requests.filter((e) => e.insecure);
    assert.ok(seen.length >= 2);
    assert.equal([...new Set(seen.map((e) => e.user))], ['system:unsecured'], 'the server saw no credential at all');
  } finally {
    await insecure.stop();
  }
});

test.run();
