// Side by side with real kubectl: the same kubeconfig and environment, and the simulated cluster's request log (who the
// server saw) and the proxies' own logs (whether the traffic went through them) must agree. Covers proxy-url (http,
// socks5), HTTPS_PROXY/https_proxy/HTTP_PROXY/NO_PROXY, loopback never proxied from the environment, plain HTTP (1.7's
// insecure port and real `kubectl proxy`), an IPv6 literal server, and the system trust store (SSL_CERT_FILE/SSL_CERT_DIR).
// The kubectl on PATH by default; MATRIX_KUBECTL=1.20 (or 1.27…1.33) picks another build: those older than Go 1.22
// differ in one case only, HTTPS_PROXY=socks5h://, which they do not know.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as yaml from 'js-yaml';
import { startCluster, type Cluster } from '../cluster/index.js';
import { sideBySideKubectl, type KubectlBinary } from '../support/kubectl.js';
import { startCliProcess } from '../support/process.js';
import { startMicrosocks, startTinyproxy, type RunningProxy } from '../support/proxies.js';

const PKI_CA = new URL('../cluster/pki/ca.crt', import.meta.url).pathname;
const PKI_CLIENT_CERT = new URL('../cluster/pki/client-admin.crt', import.meta.url).pathname;
let cluster: Cluster;
let v6: Cluster;
let http: RunningProxy;
let socks: RunningProxy;
let kubectl: KubectlBinary;
let dir: string;

test.before(async () => {
  kubectl = sideBySideKubectl();
  [cluster, v6, http, socks] = await Promise.all([
    startCluster({ scenario: 'calico-v2.4', insecurePort: true }),
    startCluster({ scenario: 'calico-v2.4', host: '::1' }),
    startTinyproxy(),
    startMicrosocks(),
  ]);
  dir = mkdtempSync(path.join(tmpdir(), 'net-matrix-'));
});
test.after(async () => {
  await Promise.all([cluster?.stop(), v6?.stop(), http?.stop(), socks?.stop()]);
});

type Kubeconfig = { clusters: Array<{ cluster: Record<string, unknown> }>; users: Array<{ name: string; user: Record<string, unknown> }> };
let seq = 0;
function kubeconfigFor(c: Cluster, edit: (cluster: Record<string, unknown>) => void = () => {}, editUser: (user: Record<string, unknown>) => void = () => {}): string {
  const config = yaml.load(readFileSync(c.kubeconfigPath, 'utf8')) as Kubeconfig;
  edit(config.clusters[0]!.cluster);
  editUser(config.users.find((u) => u.name === 'admin')!.user);
  const file = path.join(dir, `kubeconfig-${++seq}`);
  writeFileSync(file, yaml.dump(config), { mode: 0o600 });
  return file;
}

/** The process environment without anything that would decide the outcome behind the test's back. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: mkdtempSync(path.join(tmpdir(), 'net-home-')) };
  for (const name of Object.keys(env)) {
    if (/^(https?_proxy|no_proxy|all_proxy|ssl_cert_file|ssl_cert_dir|node_extra_ca_certs|kubeconfig|node_use_env_proxy)$/i.test(name)) delete env[name];
  }
  return env;
}

interface Outcome { ok: boolean; users: string[]; viaHttp: boolean; viaSocks: boolean; tunnels: string[]; output: string }

/** Runs `run`, and reads what the cluster and the proxies saw while it ran. */
async function observe(c: Cluster, run: () => Promise<{ code: number | null; output: string }>): Promise<Outcome> {
  const before = { log: c.requests.length, http: http.targets().length, socks: socks.targets().length };
  const { code, output } = await run();
  await new Promise((r) => setTimeout(r, 100));   // the proxies write their logs as they go
  return {
    ok: code === 0,
    users: [...new Set(c.requests.slice(before.log).map((e) => e.user))].sort(),
    viaHttp: http.targets().length > before.http,
    viaSocks: socks.targets().length > before.socks,
    // What each proxy was asked to connect to (CONNECT host:port, SOCKS5 address), as its own log says.
    tunnels: [...new Set([...http.targets().slice(before.http).map((t) => `http ${t}`), ...socks.targets().slice(before.socks).map((t) => `socks ${t}`)])].sort(),
    output,
  };
}

function runKubectl(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(kubectl.path, ['--cache-dir', mkdtempSync(path.join(tmpdir(), 'kubectl-cache-')), '--request-timeout', '20s', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, output }); });
  });
}

async function runPlugin(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const r = await startCliProcess([...args, '--request-timeout', '20s'], { env, timeoutMs: 60_000 }).done;
  return { code: r.code, output: r.stdout + r.stderr };
}

interface Case {
  cluster?: () => Cluster;
  kubeconfig: () => string;
  env?: Record<string, string>;
  /** Extra connection flags for both (e.g. --server). */
  flags?: () => string[];
  expect: { ok: boolean; users?: string[]; viaHttp: boolean; viaSocks: boolean };
}

async function sideBySide(name: string, c: Case): Promise<void> {
  const target = (c.cluster ?? (() => cluster))();
  const file = c.kubeconfig();
  const env = { ...baseEnv(), ...c.env };
  const flags = c.flags?.() ?? [];
  const theirs = await observe(target, () => runKubectl(['--kubeconfig', file, ...flags, 'get', '--raw', '/version'], env));
  const ours = await observe(target, () => runPlugin(['--kubeconfig', file, ...flags, 'version'], env));
  const shape = (o: Outcome) => ({ ok: o.ok, users: o.users, viaHttp: o.viaHttp, viaSocks: o.viaSocks });
  assert.equal({ ...shape(ours), tunnels: ours.tunnels }, { ...shape(theirs), tunnels: theirs.tunnels }, `${name}: the plugin and kubectl differ\nkubectl: ${theirs.output}\nplugin: ${ours.output}`);
  const expected = { ok: c.expect.ok, users: c.expect.users ?? (c.expect.ok ? ['admin'] : shape(theirs).users), viaHttp: c.expect.viaHttp, viaSocks: c.expect.viaSocks };
  assert.equal(shape(ours), expected, `${name}: not what kubectl is documented to do\nkubectl: ${theirs.output}\nplugin: ${ours.output}`);
}

const matrix: Array<[string, Case]> = [
  ['proxy-url http:// (CONNECT through tinyproxy), even for a loopback server', {
    kubeconfig: () => kubeconfigFor(cluster, (k) => { k['proxy-url'] = http.url; }),
    expect: { ok: true, viaHttp: true, viaSocks: false },
  }],
  ['proxy-url socks5:// (through microsocks)', {
    kubeconfig: () => kubeconfigFor(cluster, (k) => { k['proxy-url'] = socks.url; }),
    expect: { ok: true, viaHttp: false, viaSocks: true },
  }],
  ['proxy-url wins over HTTPS_PROXY', {
    kubeconfig: () => kubeconfigFor(cluster, (k) => { k['proxy-url'] = socks.url; }),
    env: { HTTPS_PROXY: 'http://127.0.0.1:9' },
    expect: { ok: true, viaHttp: false, viaSocks: true },
  }],
  ['HTTPS_PROXY is never used for a loopback server', {
    kubeconfig: () => kubeconfigFor(cluster),
    env: { HTTPS_PROXY: 'http://127.0.0.1:9', https_proxy: 'http://127.0.0.1:9' },
    expect: { ok: true, viaHttp: false, viaSocks: false },
  }],
  ['HTTPS_PROXY for a server that is not loopback (0.0.0.0)', {
    kubeconfig: () => kubeconfigFor(cluster, (k) => { k.server = cluster.url.replace('127.0.0.1', '0.0.0.0'); k['tls-server-name'] = 'localhost'; }),
    env: { HTTPS_PROXY: '' },   // set per run below
    expect: { ok: true, viaHttp: true, viaSocks: false },
  }],
  ['a server name is resolved by the proxy, not locally (the proxy is asked for the name, and fails here)', {
    kubeconfig: () => kubeconfigFor(cluster, (k) => { k.server = 'https://kube-api.calico-migrate.invalid:6443'; }),
    env: { HTTPS_PROXY: '' },
    expect: { ok: false, users: [], viaHttp: true, viaSocks: false },
  }],
  ['https_proxy (lower case) with a socks5:// value', {
    kubeconfig: () => kubeconfigFor(cluster, (k) => { k.server = cluster.url.replace('127.0.0.1', '0.0.0.0'); k['tls-server-name'] = 'localhost'; }),
    env: { https_proxy: '' },
    expect: { ok: true, viaHttp: false, viaSocks: true },
  }],
  ['HTTP_PROXY alone is not used for an https server', {
    kubeconfig: () => kubeconfigFor(cluster, (k) => { k.server = cluster.url.replace('127.0.0.1', '0.0.0.0'); k['tls-server-name'] = 'localhost'; }),
    env: { HTTP_PROXY: 'http://127.0.0.1:9' },
    expect: { ok: true, viaHttp: false, viaSocks: false },
  }],
  ['NO_PROXY naming the server IP', {
    kubeconfig: () => kubeconfigFor(cluster, (k) => { k.server = cluster.url.replace('127.0.0.1', '0.0.0.0'); k['tls-server-name'] = 'localhost'; }),
    env: { HTTPS_PROXY: 'http://127.0.0.1:9', NO_PROXY: 'example.com,0.0.0.0' },
    expect: { ok: true, viaHttp: false, viaSocks: false },
  }],
  ['no_proxy with a CIDR holding the server', {
    kubeconfig: () => kubeconfigFor(cluster, (k) => { k.server = cluster.url.replace('127.0.0.1', '0.0.0.0'); k['tls-server-name'] = 'localhost'; }),
    env: { HTTPS_PROXY: 'http://127.0.0.1:9', no_proxy: '0.0.0.0/8' },
    expect: { ok: true, viaHttp: false, viaSocks: false },
  }],
  ['plain http:// (1.7 insecure port): no credentials sent', {
    kubeconfig: () => kubeconfigFor(cluster, (k) => { k.server = cluster.insecureUrl; delete k['certificate-authority-data']; }),
    expect: { ok: true, users: ['system:unsecured'], viaHttp: false, viaSocks: false },
  }],
  ['plain http:// with --as: the impersonation is sent (only credentials are not)', {
    kubeconfig: () => kubeconfigFor(cluster, (k) => { k.server = cluster.insecureUrl; }),
    flags: () => ['--as', 'someone-else'],
    expect: { ok: true, users: ['someone-else'], viaHttp: false, viaSocks: false },
  }],
  ['plain http:// with as: in the kubeconfig user', {
    kubeconfig: () => kubeconfigFor(cluster, (k) => { k.server = cluster.insecureUrl; }, (u) => { u.as = 'someone-else'; }),
    expect: { ok: true, users: ['someone-else'], viaHttp: false, viaSocks: false },
  }],
  ['impersonation: as, as-uid and as-user-extra in the kubeconfig user (Impersonate-Uid, Impersonate-Extra-*, the key percent-encoded)', {
    kubeconfig: () => kubeconfigFor(cluster, () => {}, (u) => { u.as = 'someone-else'; u['as-uid'] = 'u-1234'; u['as-user-extra'] = { 'example.com/scopes': ['view', 'edit'], reason: ['change 42'] }; }),
    expect: { ok: true, users: ['someone-else uid=u-1234 extra.example.com/scopes=view,edit extra.reason=change 42'], viaHttp: false, viaSocks: false },
  }],
  ['impersonation: --as with --as-uid flags', {
    kubeconfig: () => kubeconfigFor(cluster),
    flags: () => ['--as', 'someone-else', '--as-uid', 'u-5678'],
    expect: { ok: true, users: ['someone-else uid=u-5678'], viaHttp: false, viaSocks: false },
  }],
  ['impersonation: --as-uid without --as is refused by both', {
    kubeconfig: () => kubeconfigFor(cluster),
    flags: () => ['--as-uid', 'u-5678'],
    expect: { ok: false, users: [], viaHttp: false, viaSocks: false },
  }],
  ['plain http:// through HTTP_PROXY (a server that is not loopback)', {
    kubeconfig: () => kubeconfigFor(cluster, (k) => { k.server = cluster.insecureUrl!.replace('127.0.0.1', '0.0.0.0'); }),
    env: { HTTP_PROXY: '', HTTPS_PROXY: 'http://127.0.0.1:9' },
    expect: { ok: true, users: ['system:unsecured'], viaHttp: true, viaSocks: false },
  }],
  ['HTTPS_PROXY=socks5h://', {
    kubeconfig: () => kubeconfigFor(cluster, (k) => { k.server = cluster.url.replace('127.0.0.1', '0.0.0.0'); k['tls-server-name'] = 'localhost'; }),
    env: { HTTPS_PROXY: 'socks5h' },
    expect: { ok: true, viaHttp: false, viaSocks: true },
  }],
  ['an IPv6 literal server, https://[::1]:port, verified against its IP SAN', {
    cluster: () => v6,
    kubeconfig: () => kubeconfigFor(v6),
    expect: { ok: true, viaHttp: false, viaSocks: false },
  }],
  ['an IPv6 literal server through proxy-url http:// (CONNECT [::1]:port)', {
    cluster: () => v6,
    kubeconfig: () => kubeconfigFor(v6, (k) => { k['proxy-url'] = http.url; }),
    expect: { ok: true, viaHttp: true, viaSocks: false },
  }],
  ['an IPv6 literal server through proxy-url socks5://', {
    cluster: () => v6,
    kubeconfig: () => kubeconfigFor(v6, (k) => { k['proxy-url'] = socks.url; }),
    expect: { ok: true, viaHttp: false, viaSocks: true },
  }],
  ['no CA in the kubeconfig: the system store, from SSL_CERT_FILE', {
    kubeconfig: () => kubeconfigFor(cluster, (k) => { delete k['certificate-authority-data']; }),
    env: { SSL_CERT_FILE: PKI_CA, SSL_CERT_DIR: path.join(tmpdir(), 'no-such-cert-dir') },
    expect: { ok: true, viaHttp: false, viaSocks: false },
  }],
  ['no CA in the kubeconfig: the system store, from SSL_CERT_DIR', {
    kubeconfig: () => kubeconfigFor(cluster, (k) => { delete k['certificate-authority-data']; }),
    env: { SSL_CERT_FILE: path.join(tmpdir(), 'no-such-cert-file'), SSL_CERT_DIR: '' },
    expect: { ok: true, viaHttp: false, viaSocks: false },
  }],
  ['no CA in the kubeconfig and a system store without the cluster CA: refused', {
    kubeconfig: () => kubeconfigFor(cluster, (k) => { delete k['certificate-authority-data']; }),
    env: { SSL_CERT_FILE: path.join(tmpdir(), 'no-such-cert-file'), SSL_CERT_DIR: path.join(tmpdir(), 'no-such-cert-dir') },
    expect: { ok: false, users: [], viaHttp: false, viaSocks: false },
  }],
  ['no CA in the kubeconfig: NODE_EXTRA_CA_CERTS is not a trust store kubectl reads', {
    kubeconfig: () => kubeconfigFor(cluster, (k) => { delete k['certificate-authority-data']; }),
    env: { NODE_EXTRA_CA_CERTS: PKI_CA, SSL_CERT_FILE: path.join(tmpdir(), 'no-such-cert-file'), SSL_CERT_DIR: path.join(tmpdir(), 'no-such-cert-dir') },
    expect: { ok: false, users: [], viaHttp: false, viaSocks: false },
  }],
  ['a CA in the kubeconfig is the only one trusted: the system store does not rescue a wrong one', {
    kubeconfig: () => kubeconfigFor(cluster, (k) => { k['certificate-authority-data'] = Buffer.from(readFileSync(PKI_CLIENT_CERT)).toString('base64'); }),
    env: { SSL_CERT_FILE: PKI_CA },
    expect: { ok: false, users: [], viaHttp: false, viaSocks: false },
  }],
];

// Values that need the running proxies or a hashed CA directory, filled in once they exist.
function resolveEnv(c: Case): Case {
  const env = { ...c.env };
  if (env.HTTPS_PROXY === '') env.HTTPS_PROXY = http.url;
  if (env.HTTPS_PROXY === 'socks5h') env.HTTPS_PROXY = socks.url.replace('socks5:', 'socks5h:');
  if (env.HTTP_PROXY === '') env.HTTP_PROXY = http.url;
  if (env.https_proxy === '') env.https_proxy = socks.url;
  if (env.SSL_CERT_DIR === '') env.SSL_CERT_DIR = hashedCaDir();
  return { ...c, env };
}

/** A directory holding the cluster CA under its OpenSSL subject hash (what `openssl rehash` makes), as SSL_CERT_DIR expects. */
function hashedCaDir(): string {
  const caDir = path.join(dir, `cadir-${++seq}`);
  mkdirSync(caDir);
  copyFileSync(PKI_CA, path.join(caDir, 'ca.crt'));
  symlinkSync('ca.crt', path.join(caDir, `${CA_SUBJECT_HASH}.0`));
  return caDir;
}
// openssl x509 -subject_hash -noout -in test/cluster/pki/ca.crt (the CA is committed, so is its hash).
const CA_SUBJECT_HASH = 'e5220b39';

for (const [name, c] of matrix) test(name, () => sideBySide(name, resolveEnv(c)));

test('the kubectl proxy workflow: kubectl proxy on 127.0.0.1, then --server http://127.0.0.1:PORT', async () => {
  const proxyProcess: ChildProcess = spawn(kubectl.path, ['--kubeconfig', cluster.kubeconfigPath, 'proxy', '--port', '0', '--address', '127.0.0.1'], { env: baseEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`kubectl proxy did not start: ${out}`)), 30_000);
      proxyProcess.stdout!.on('data', (d) => {
        out += d;
        const m = /Starting to serve on (127\.0\.0\.1:\d+)/.exec(out);
        if (m) { clearTimeout(timer); resolve(`http://${m[1]}`); }
      });
    });
    // A kubeconfig whose own user has a token the plugin must not send over plain HTTP; kubectl proxy adds its own.
    const kubeconfig = kubeconfigFor(cluster, (k) => { delete k['certificate-authority-data']; });
    await sideBySide('kubectl proxy', { kubeconfig: () => kubeconfig, flags: () => ['--server', url], expect: { ok: true, users: ['admin'], viaHttp: false, viaSocks: false } });
    // A whole read-only verb through it.
    const check = await runPlugin(['--kubeconfig', kubeconfig, '--server', url, 'check'], baseEnv());
    assert.ok(check.code === 0, check.output);
    assert.match(check.output, /warning: http:\/\/127\.0\.0\.1:\d+ is plain HTTP/);
  } finally {
    proxyProcess.kill('SIGTERM');
  }
});

test.run();
