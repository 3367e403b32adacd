// `auth-provider: oidc` side by side with real kubectl: a local OIDC issuer (discovery + token endpoint on 127.0.0.1,
// RS256 id-tokens the simulated API server verifies), the same kubeconfig for both (each its own copy, since both write
// to it), and what each did compared: which user the server saw, what the issuer was asked, and what the kubeconfig
// file holds afterwards.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as yaml from 'js-yaml';
import { startCluster, type Cluster } from '../cluster/index.js';
import { sideBySideKubectl, type KubectlBinary } from '../support/kubectl.js';
import { startIssuer, type Issuer, type IssuerOptions } from '../support/oidc-issuer.js';
import { startTinyproxy } from '../support/proxies.js';

const BIN = new URL('../../bin/kubectl-calico_migrate', import.meta.url).pathname;
let kubectl: KubectlBinary;
let dir: string;
const stops: Array<() => Promise<void>> = [];

test.before(() => {
  kubectl = sideBySideKubectl();
  dir = mkdtempSync(path.join(tmpdir(), 'net-oidc-'));
});
test.after(async () => { for (const stop of stops) await stop(); });

async function setup(opts: IssuerOptions = {}): Promise<{ issuer: Issuer; cluster: Cluster }> {
  const issuer = await startIssuer(opts);
  const cluster = await startCluster({ scenario: 'calico-v2.4', oidc: issuer.authenticator });
  stops.push(() => cluster.stop(), () => issuer.stop());
  return { issuer, cluster };
}

type Doc = { users: Array<{ name: string; user: Record<string, unknown> }>; contexts: Array<{ context: { user: string } }> };
let seq = 0;
/** The cluster's kubeconfig with user "admin" replaced by an oidc auth-provider user. */
function kubeconfig(cluster: Cluster, config: Record<string, string>): string {
  const doc = yaml.load(readFileSync(cluster.kubeconfigPath, 'utf8')) as Doc;
  doc.users.find((u) => u.name === 'admin')!.user = { 'auth-provider': { name: 'oidc', config } };
  const file = path.join(dir, `kubeconfig-${++seq}`);
  writeFileSync(file, yaml.dump(doc), { mode: 0o600 });
  return file;
}
const providerConfig = (file: string): Record<string, string> =>
  ((yaml.load(readFileSync(file, 'utf8')) as Doc).users.find((u) => u.name === 'admin')!.user['auth-provider'] as { config: Record<string, string> }).config;

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, HOME: mkdtempSync(path.join(tmpdir(), 'net-oidc-home-')) };
  delete e.KUBECONFIG;
  delete e.NODE_EXTRA_CA_CERTS;
  return { ...e, ...extra };
}

function run(cmd: string, args: string[], e: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: e, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, output }); });
  });
}

interface Side { code: number | null; output: string; users: string[]; issuer: Array<{ method: string; path: string; clientAuth?: string }>; config: Record<string, string> }

/**
 * Runs kubectl, then the plugin, each with its own copy of `file`; what the server and the issuer saw of each. The
 * issuer's refresh-tokens are single-use, so a copy's refresh-token REFRESH becomes a fresh one for each side.
 */
async function sideBySide(s: { issuer: Issuer; cluster: Cluster }, file: string, e: NodeJS.ProcessEnv = env()): Promise<{ k: Side; p: Side }> {
  const one = async (args: (copy: string) => string[], cmd: string): Promise<Side> => {
    const copy = `${file}.${path.basename(cmd)}`;
    writeFileSync(copy, readFileSync(file, 'utf8').replace(/\bREFRESH\b/, () => s.issuer.refreshToken(SUB)), { mode: 0o600 });
    const [requests, asked] = [s.cluster.requests.length, s.issuer.log.length];
    const r = await run(cmd, args(copy), e);
    return {
      ...r,
      users: [...new Set(s.cluster.requests.slice(requests).map((q) => q.user))],
      issuer: s.issuer.log.slice(asked).map(({ method, path: p, clientAuth }) => ({ method, path: p, ...(clientAuth ? { clientAuth } : {}) })),
      config: providerConfig(copy),
    };
  };
  const k = await one((c) => ['--kubeconfig', c, '--cache-dir', mkdtempSync(path.join(tmpdir(), 'kubectl-cache-')), 'get', '--raw', '/version'], kubectl.path);
  const p = await one((c) => ['--kubeconfig', c, 'version'], BIN);
  return { k, p };
}

/** Every id-token and refresh-token here is for this user. */
const SUB = 'alice';
const USER = (issuer: Issuer) => `${issuer.url}#${SUB}`;
const base = (issuer: Issuer, extra: Record<string, string> = {}) => ({
  'idp-issuer-url': issuer.url, 'client-id': 'kubernetes', 'client-secret': 'issuer-secret', 'idp-certificate-authority': issuer.caPath, ...extra,
});

test('an expired id-token and a refresh-token: both refresh at the issuer, the server sees the OIDC user, the new tokens are written back', async () => {
  const s = await setup();
  const file = kubeconfig(s.cluster, base(s.issuer, { 'id-token': s.issuer.mint(SUB, -60), 'refresh-token': 'REFRESH' }));
  const { k, p } = await sideBySide(s, file);
  for (const side of [k, p]) {
    assert.is(side.code, 0, side.output);
    assert.equal(side.users, [USER(s.issuer)]);
    assert.equal(side.issuer, [
      { method: 'GET', path: '/dex/.well-known/openid-configuration' },
      { method: 'POST', path: '/dex/token', clientAuth: 'header' },
    ]);
    assert.is.not(side.config['id-token'], providerConfig(file)['id-token'], 'a new id-token in the file');
    assert.match(side.config['refresh-token']!, /^rt-/, 'the rotated refresh-token in the file');
    assert.equal(Object.keys(side.config).sort(), Object.keys(providerConfig(file)).sort());
  }
  // The rest of the file is what it was; its mode too.
  const rest = (f: string) => { const d = yaml.load(readFileSync(f, 'utf8')) as Doc; delete d.users.find((u) => u.name === 'admin')!.user['auth-provider']; return d; };
  assert.equal(rest(`${file}.kubectl-calico_migrate`), rest(file));
  assert.is(statSync(`${file}.kubectl-calico_migrate`).mode & 0o777, 0o600);
  // The written file is what the next run uses: no refresh then.
  const next = await sideBySide(s, `${file}.kubectl-calico_migrate`);
  assert.is(next.p.code, 0, next.p.output);
  assert.equal(next.p.issuer, []);
  assert.equal(next.p.users, [USER(s.issuer)]);
});

test('a valid id-token is sent as it is: neither asks the issuer nor writes the file; 5 s before exp it is refreshed (10 s margin)', async () => {
  const s = await setup();
  const file = kubeconfig(s.cluster, base(s.issuer, { 'id-token': s.issuer.mint(SUB, 3600), 'refresh-token': 'REFRESH' }));
  const { k, p } = await sideBySide(s, file);
  for (const side of [k, p]) {
    assert.is(side.code, 0, side.output);
    assert.equal(side.users, [USER(s.issuer)]);
    assert.equal(side.issuer, []);
  }
  assert.equal(p.config['id-token'], providerConfig(file)['id-token'], 'the file is not written');
  const soon = await sideBySide(s, kubeconfig(s.cluster, base(s.issuer, { 'id-token': s.issuer.mint(SUB, 5), 'refresh-token': 'REFRESH' })));
  for (const side of [soon.k, soon.p]) {
    assert.is(side.code, 0, side.output);
    assert.equal(side.issuer.map((q) => q.path), ['/dex/.well-known/openid-configuration', '/dex/token']);
  }
});

test('every request of a verb shares one refresh (check sends dozens, in parallel)', async () => {
  const s = await setup();
  const file = kubeconfig(s.cluster, base(s.issuer, { 'id-token': s.issuer.mint(SUB, -1), 'refresh-token': s.issuer.refreshToken(SUB) }));
  const r = await run(BIN, ['--kubeconfig', file, 'check'], env());
  assert.is(r.code, 0, r.output);
  assert.equal(s.issuer.log.filter((q) => q.path === '/dex/token').length, 1);
  assert.ok(s.cluster.requests.filter((q) => q.user === USER(s.issuer)).length > 10);
});

test('an issuer that accepts the client secret only as form parameters: both retry that way after the basic-auth refusal', async () => {
  const s = await setup({ refuseAuth: 'header' });
  const { k, p } = await sideBySide(s, kubeconfig(s.cluster, base(s.issuer, { 'id-token': s.issuer.mint(SUB, -60), 'refresh-token': 'REFRESH' })));
  for (const side of [k, p]) {
    assert.is(side.code, 0, side.output);
    assert.equal(side.issuer.map((q) => q.clientAuth ?? '-'), ['-', 'header', 'params']);
  }
});

test('failures are one clear error for both, never a crash: no refresh-token, a spent refresh-token, not a JWT, no id_token', async () => {
  const s = await setup();
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['no refresh-token', { 'id-token': s.issuer.mint(SUB, -60) }, /has no valid id-token and no refresh-token/],
    ['spent refresh-token', { 'id-token': s.issuer.mint(SUB, -60), 'refresh-token': 'rt-spent' }, /could not refresh its id-token at https:\/\/127\.0\.0\.1:\d+\/dex\/token: invalid_grant: Refresh token is invalid/],
    ['not a JWT', { 'id-token': 'opaque-token', 'refresh-token': 'REFRESH' }, /has an id-token that is not a valid JWT/],
  ];
  for (const [name, extra, message] of cases) {
    const { k, p } = await sideBySide(s, kubeconfig(s.cluster, base(s.issuer, extra)));
    assert.is.not(k.code, 0, `${name}: kubectl fails too`);
    assert.is(p.code, 3, `${name}: ${p.output}`);
    assert.match(p.output, message, name);
    assert.match(p.output, /the oidc auth provider of user "admin"/, name);
    assert.not.match(p.output, /\n\s+at /, `${name}: no stack trace`);
    assert.equal(p.users, [], `${name}: nothing sent to the server`);
  }
  const okta = await setup({ omitIdToken: true });
  const { k, p } = await sideBySide(okta, kubeconfig(okta.cluster, base(okta.issuer, { 'id-token': okta.issuer.mint(SUB, -60), 'refresh-token': 'REFRESH' })));
  // kubectl fails too, but sends the request again, refreshes with the spent token and reports invalid_grant.
  assert.is.not(k.code, 0, k.output);
  assert.equal(p.issuer.filter((q) => q.path === '/dex/token').length, 1, 'the plugin refreshes once and says why it failed');
  assert.is(p.code, 3, p.output);
  assert.match(p.output, /got no id_token from .*"openid" scope/);
});

test('the issuer is verified with idp-certificate-authority(-data), never the cluster CA: without it both fail TLS (empty system store)', async () => {
  const s = await setup();
  const empty = mkdtempSync(path.join(tmpdir(), 'net-oidc-certs-'));
  writeFileSync(path.join(empty, 'none.pem'), '');
  const noSystemCas = env({ SSL_CERT_FILE: path.join(empty, 'none.pem'), SSL_CERT_DIR: empty });
  const { 'idp-certificate-authority': _ca, ...config } = base(s.issuer, { 'id-token': s.issuer.mint(SUB, -60), 'refresh-token': 'REFRESH' });
  const { k, p } = await sideBySide(s, kubeconfig(s.cluster, config), noSystemCas);
  assert.is.not(k.code, 0);
  assert.match(k.output, /certificate signed by unknown authority|x509/);
  assert.is(p.code, 3, p.output);
  assert.match(p.output, /identity provider\): TLS/);
  assert.match(p.output, /idp-certificate-authority/);
  const data = await sideBySide(s, kubeconfig(s.cluster, { ...config, 'idp-certificate-authority-data': readFileSync(s.issuer.caPath).toString('base64') }), noSystemCas);
  assert.is(data.k.code, 0, data.k.output);
  assert.is(data.p.code, 0, data.p.output);
});

test('HTTP_PROXY reaches an issuer that is not loopback through the proxy, for both (the proxy\'s own log)', async () => {
  const s = await setup({ plainHttpNotLoopback: true });
  const proxy = await startTinyproxy();
  stops.push(() => proxy.stop());
  const { 'idp-certificate-authority': _ca, ...config } = base(s.issuer, { 'id-token': s.issuer.mint(SUB, -60), 'refresh-token': 'REFRESH' });
  const file = kubeconfig(s.cluster, config);
  const before = proxy.targets().length;
  const k = await sideBySide(s, file, env({ HTTP_PROXY: proxy.url }));
  const host = new URL(s.issuer.url).host;
  assert.is(k.k.code, 0, k.k.output);
  assert.is(k.p.code, 0, k.p.output);
  // discovery and token request, each side; the API server (loopback) directly.
  assert.equal(proxy.targets().slice(before), [host, host, host, host]);
  assert.equal(k.p.users, [USER(s.issuer)]);
});

test('KUBECONFIG with two files: the tokens are written into the file that defines the user, as kubectl writes them', async () => {
  const s = await setup();
  const all = yaml.load(readFileSync(kubeconfig(s.cluster, base(s.issuer, { 'id-token': s.issuer.mint(SUB, -60), 'refresh-token': 'REFRESH' })), 'utf8')) as Doc & Record<string, unknown>;
  const written: Record<string, Record<string, string>> = {};
  for (const who of ['kubectl', 'plugin']) {
    const first = path.join(dir, `split-${who}-main`);
    const second = path.join(dir, `split-${who}-users`);
    writeFileSync(first, yaml.dump({ ...all, users: [] }), { mode: 0o600 });
    writeFileSync(second, yaml.dump({ apiVersion: 'v1', kind: 'Config', users: all.users }).replace('REFRESH', s.issuer.refreshToken(SUB)), { mode: 0o600 });
    const before = readFileSync(first, 'utf8');
    const e = env({ KUBECONFIG: `${first}:${second}` });
    const r = who === 'kubectl'
      ? await run(kubectl.path, ['--cache-dir', mkdtempSync(path.join(tmpdir(), 'kubectl-cache-')), 'get', '--raw', '/version'], e)
      : await run(BIN, ['version'], e);
    assert.is(r.code, 0, r.output);
    assert.is(readFileSync(first, 'utf8'), before, `${who}: the first file is not touched`);
    written[who] = providerConfig(second);
  }
  for (const who of ['kubectl', 'plugin']) assert.match(written[who]!['refresh-token']!, /^rt-/, `${who} wrote the rotated refresh-token`);
  assert.equal(Object.keys(written.plugin!).sort(), Object.keys(written.kubectl!).sort());
});

test.run();
