import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type https from 'node:https';
import { credentialsFor } from '../../src/kube/credentials.js';
import { KubeconfigError, listContexts, loadKubeConfig, resolveConfig, type ConnectionFlags, type ResolveOptions, type ResolvedConfig } from '../../src/kube/kubeconfig.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeconfig-test-'));
let seq = 0;
/** A fresh directory per test so files never leak between cases. */
function dir(): string {
  const d = path.join(root, `t${++seq}`);
  fs.mkdirSync(d, { recursive: true });
  return d;
}
function write(d: string, name: string, text: string, mode?: number): string {
  const p = path.join(d, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text, mode === undefined ? undefined : { mode });
  return p;
}
// An empty home and no service account, so nothing on this machine leaks in.
function opts(extra: ResolveOptions = {}): ResolveOptions {
  const home = dir();
  return { homeDir: home, serviceAccountDir: path.join(home, 'no-sa'), platform: 'linux', ...extra };
}
function resolve(flags: ConnectionFlags, env: Record<string, string | undefined>, o: ResolveOptions = opts()): ResolvedConfig {
  return resolveConfig(flags, env, o);
}
function throwsKc(fn: () => unknown, ...parts: string[]): string {
  try {
    fn();
  } catch (err) {
    assert.instance(err, KubeconfigError);
    const msg = (err as Error).message;
    assert.not.ok(msg.includes('\n'), `one line: ${msg}`);
    for (const p of parts) assert.ok(msg.includes(p), `expected "${p}" in: ${msg}`);
    return msg;
  }
  assert.unreachable('expected a KubeconfigError');
  return '';
}
async function httpsOpts(r: ResolvedConfig): Promise<https.RequestOptions> {
  const o: https.RequestOptions = {};
  await (await loadKubeConfig(r)).applyToHTTPSOptions(o);
  return o;
}
function hdr(o: https.RequestOptions, name: string): unknown {
  const h = o.headers;
  return h && !Array.isArray(h) ? (h as Record<string, unknown>)[name] : undefined;
}
function str(v: unknown): string | undefined {
  return Buffer.isBuffer(v) ? v.toString('utf8') : v === undefined ? undefined : String(v);
}

const BASIC = `apiVersion: v1
kind: Config
clusters:
- name: c1
  cluster: {server: "https://c1.example:6443/", certificate-authority-data: ZmFrZS1jYQ==}
users:
- name: u1
  user: {token: tok-1}
contexts:
- name: ctx1
  context: {cluster: c1, user: u1, namespace: team-a}
current-context: ctx1
`;

test('a single KUBECONFIG file: context, cluster, user, namespace and a trailing slash dropped', async () => {
  const d = dir();
  const f = write(d, 'config', BASIC);
  const r = resolve({}, { KUBECONFIG: f });
  assert.is(r.source, 'kubeconfig');
  assert.equal(r.files, [f]);
  assert.is(r.contextName, 'ctx1');
  assert.is(r.clusterName, 'c1');
  assert.is(r.userName, 'u1');
  assert.is(r.contextNamespace, 'team-a');
  assert.is(r.server, 'https://c1.example:6443');
  assert.is(r.insecureSkipTlsVerify, false);
  assert.is(r.impersonate, undefined);
  assert.equal(r.contextNames, ['ctx1']);
  assert.is(r.context.name, 'ctx1');
  assert.is(r.context.cluster, r.cluster.name);
  const o = await httpsOpts(r);
  assert.is(hdr(o, 'Authorization'), 'Bearer tok-1');
  assert.is(str(o.ca), 'fake-ca');
  assert.is(o.cert, undefined);
  assert.is(o.rejectUnauthorized, undefined);
});

test('merge: the first file to set current-context, a cluster or a user wins; duplicates are not errors', async () => {
  const d = dir();
  const a = write(d, 'a.yaml', `clusters:
- name: shared
  cluster: {server: "https://first:6443"}
users:
- name: u
  user: {token: tok-first}
contexts:
- name: ctx-a
  context: {cluster: shared, user: u}
`);
  const b = write(d, 'b.yaml', `clusters:
- name: shared
  cluster: {server: "https://second:6443"}
- name: only-b
  cluster: {server: "https://only-b:6443"}
users:
- name: u
  user: {client-certificate-data: Y2VydC1kYXRh, client-key-data: a2V5LWRhdGE=}
contexts:
- name: ctx-a
  context: {cluster: only-b, user: u}
- name: ctx-b
  context: {cluster: shared, user: u, namespace: from-b}
current-context: ctx-b
`);
  const c = write(d, 'c.yaml', `contexts:
- name: ctx-c
  context: {cluster: only-b, user: u}
current-context: ctx-c
`);
  const r = resolve({}, { KUBECONFIG: [a, b, c].join(':') });
  assert.equal(r.files, [a, b, c]);
  assert.is(r.contextName, 'ctx-b');          // a sets none, b is first
  assert.is(r.contextNamespace, 'from-b');
  assert.is(r.server, 'https://first:6443');  // "shared" from a
  assert.equal(r.contextNames, ['ctx-a', 'ctx-b', 'ctx-c']);
  const o = await httpsOpts(r);
  assert.is(hdr(o, 'Authorization'), 'Bearer tok-first');
  assert.is(o.cert, undefined);                // the first "u" wins entirely: b's certs are not mixed in
  assert.is(o.key, undefined);
  // ctx-a from a (cluster shared), not b's ctx-a (cluster only-b)
  assert.is(resolve({ context: 'ctx-a' }, { KUBECONFIG: [a, b, c].join(':') }).server, 'https://first:6443');
  // Order matters: with b first, b's definitions win.
  const r2 = resolve({}, { KUBECONFIG: [c, b, a].join(':') });
  assert.is(r2.contextName, 'ctx-c');
  assert.is(r2.server, 'https://only-b:6443');
  const o2 = await httpsOpts(resolve({ context: 'ctx-b' }, { KUBECONFIG: [b, a].join(':') }));
  assert.is(str(o2.cert), 'cert-data');
  assert.is(str(o2.key), 'key-data');
  assert.is(hdr(o2, 'Authorization'), undefined);
});

test('KUBECONFIG: missing files skipped, empty entries ignored, duplicates read once', () => {
  const d = dir();
  const f = write(d, 'config', BASIC);
  const missing = path.join(d, 'nope.yaml');
  const r = resolve({}, { KUBECONFIG: `:${missing}:${f}::${f}:` });
  assert.equal(r.files, [f]);
  assert.is(r.contextName, 'ctx1');
});

test('KUBECONFIG: all files missing → the no-configuration error, naming the files', () => {
  const d = dir();
  const m1 = path.join(d, 'm1'), m2 = path.join(d, 'm2');
  throwsKc(() => resolve({}, { KUBECONFIG: `${m1}:${m2}` }), 'no configuration has been provided', m1, m2, '--kubeconfig');
  // Only separators: no files, and ~/.kube/config is not consulted either (client-go).
  const home = dir();
  write(home, '.kube/config', BASIC);
  throwsKc(() => resolve({}, { KUBECONFIG: '::' }, { homeDir: home, serviceAccountDir: path.join(home, 'none') }), 'no configuration has been provided');
});

function serviceAccount(): string {
  const sa = dir();
  write(sa, 'token', 'sa-token\n');
  write(sa, 'ca.crt', 'sa-ca');
  write(sa, 'namespace', 'calico-ns\n');
  return sa;
}

test('KUBECONFIG all missing → in-cluster config when the service account is mounted', async () => {
  const sa = serviceAccount();
  const env = { KUBECONFIG: path.join(dir(), 'missing'), KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' };
  const r = resolve({}, env, opts({ serviceAccountDir: sa }));
  assert.is(r.source, 'in-cluster');
  assert.equal(r.files, []);
  assert.is(r.contextName, '');
  assert.is(r.server, 'https://10.96.0.1:443');
  assert.is(r.contextNamespace, 'calico-ns');
  const o = await httpsOpts(r);
  assert.is(hdr(o, 'Authorization'), 'Bearer sa-token');
  assert.is(str(o.ca), 'sa-ca');
});

test('in-cluster: IPv6 host in brackets, POD_NAMESPACE wins, no token file → not in-cluster', () => {
  const sa = serviceAccount();
  const env = { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '6443', POD_NAMESPACE: 'pod-ns' };
  const r = resolve({}, env, opts({ serviceAccountDir: sa }));
  assert.is(r.server, 'https://[fd00::1]:6443');
  assert.is(r.contextNamespace, 'pod-ns');
  fs.rmSync(path.join(sa, 'token'));
  throwsKc(() => resolve({}, env, opts({ serviceAccountDir: sa })), 'no configuration has been provided');
  // Host without port is not in-cluster either.
  throwsKc(() => resolve({}, { KUBERNETES_SERVICE_HOST: 'x' }, opts({ serviceAccountDir: serviceAccount() })), 'no configuration');
});

test('in-cluster with flag overrides: --token and --insecure-skip-tls-verify', async () => {
  const env = { KUBERNETES_SERVICE_HOST: 'kube.local', KUBERNETES_SERVICE_PORT: '443' };
  const r = resolve({ token: 'flag-tok', insecureSkipTlsVerify: true }, env, opts({ serviceAccountDir: serviceAccount() }));
  assert.is(r.source, 'in-cluster');
  assert.is(r.insecureSkipTlsVerify, true);
  const o = await httpsOpts(r);
  assert.is(hdr(o, 'Authorization'), 'Bearer flag-tok');
  assert.is(o.ca, undefined);
  assert.is(o.rejectUnauthorized, false);
});

test('a file that does not parse is an error naming it, even after a good file', () => {
  const d = dir();
  const good = write(d, 'good', BASIC);
  const bad = write(d, 'bad', 'clusters: [\n  - name: x\n   oops: :\n');
  throwsKc(() => resolve({}, { KUBECONFIG: `${good}:${bad}` }), bad, 'not valid YAML');
  const shape = write(d, 'shape', 'clusters: 5\n');
  throwsKc(() => resolve({}, { KUBECONFIG: shape }), shape, 'clusters must be a list');
  const noname = write(d, 'noname', 'users:\n- user: {token: x}\n');
  throwsKc(() => resolve({}, { KUBECONFIG: noname }), noname, 'users[0].name is missing');
  const scalar = write(d, 'scalar', 'just a string\n');
  throwsKc(() => resolve({}, { KUBECONFIG: scalar }), scalar, 'must be a mapping');
});

test('an empty kubeconfig file is valid and empty', () => {
  const d = dir();
  const empty = write(d, 'empty', '');
  const comments = write(d, 'comments', '# nothing here yet\n\n');
  const f = write(d, 'config', BASIC);
  const r = resolve({}, { KUBECONFIG: `${empty}:${comments}:${f}` });
  assert.equal(r.files, [empty, comments, f]);
  assert.is(r.contextName, 'ctx1');
});

test('--kubeconfig: only that file (KUBECONFIG ignored); a missing one is an error', () => {
  const d = dir();
  const mine = write(d, 'mine', BASIC.replace('c1.example', 'mine.example'));
  const other = write(d, 'other', BASIC.replace('c1.example', 'other.example'));
  const r = resolve({ kubeconfig: mine }, { KUBECONFIG: other });
  assert.equal(r.files, [mine]);
  assert.is(r.server, 'https://mine.example:6443');
  const missing = path.join(d, 'missing');
  throwsKc(() => resolve({ kubeconfig: missing }, { KUBECONFIG: other }), missing, 'does not exist');
  throwsKc(() => resolve({ kubeconfig: d }, {}), d, 'is a directory');
});

const TWO = `clusters:
- name: prod
  cluster: {server: "https://prod:6443", tls-server-name: prod.internal}
- name: dev
  cluster: {server: "https://dev:6443"}
users:
- name: admin
  user: {token: admin-tok}
- name: viewer
  user: {token: viewer-tok}
contexts:
- name: prod
  context: {cluster: prod, user: admin, namespace: ns-prod}
- name: dev
  context: {cluster: dev, user: viewer}
current-context: prod
`;

test('--context selects a context; an unknown one is an error naming it and the files', async () => {
  const f = write(dir(), 'config', TWO);
  const r = resolve({ context: 'dev' }, { KUBECONFIG: f });
  assert.is(r.contextName, 'dev');
  assert.is(r.server, 'https://dev:6443');
  assert.is(r.contextNamespace, undefined);
  assert.is(r.context.name, 'dev');
  assert.is(hdr(await httpsOpts(r), 'Authorization'), 'Bearer viewer-tok');
  throwsKc(() => resolve({ context: 'nope' }, { KUBECONFIG: f }), 'context "nope" does not exist', f, 'prod, dev');
});

test('--cluster and --user override the context; unknown names are errors unless flags supply them', async () => {
  const f = write(dir(), 'config', TWO);
  const r = resolve({ cluster: 'dev', user: 'viewer' }, { KUBECONFIG: f });
  assert.is(r.contextName, 'prod');
  assert.is(r.clusterName, 'dev');
  assert.is(r.userName, 'viewer');
  assert.is(r.server, 'https://dev:6443');
  assert.is(r.contextNamespace, 'ns-prod');
  assert.is(hdr(await httpsOpts(r), 'Authorization'), 'Bearer viewer-tok');
  throwsKc(() => resolve({ cluster: 'nope' }, { KUBECONFIG: f }), 'cluster "nope" does not exist', f);
  throwsKc(() => resolve({ user: 'nope' }, { KUBECONFIG: f }), 'user "nope" does not exist', f);
  // --server / --token make the missing names usable, as in kubectl.
  const r2 = resolve({ cluster: 'nope', user: 'nobody', server: 'https://x:1', token: 't' }, { KUBECONFIG: f });
  assert.is(r2.server, 'https://x:1');
  assert.is(hdr(await httpsOpts(r2), 'Authorization'), 'Bearer t');
});

test('a context naming a missing cluster or user, and a dangling current-context, are errors', () => {
  const d = dir();
  const f = write(d, 'config', `clusters:
- name: c
  cluster: {server: "https://c:1"}
contexts:
- name: no-cluster
  context: {cluster: ghost, user: u}
- name: no-user
  context: {cluster: c, user: ghost}
current-context: gone
`);
  throwsKc(() => resolve({ context: 'no-cluster' }, { KUBECONFIG: f }), 'cluster "ghost" (from context "no-cluster") does not exist');
  throwsKc(() => resolve({ context: 'no-user' }, { KUBECONFIG: f }), 'user "ghost" (from context "no-user") does not exist');
  throwsKc(() => resolve({}, { KUBECONFIG: f }), 'current-context "gone"', f, '--context');
});

test('no current-context: an error listing the contexts, unless --server is given', async () => {
  const f = write(dir(), 'config', TWO.replace('current-context: prod\n', ''));
  throwsKc(() => resolve({}, { KUBECONFIG: f }), 'no current-context', f, '--context', 'prod, dev');
  const r = resolve({ server: 'https://direct:6443', token: 'direct-tok' }, { KUBECONFIG: f });
  assert.is(r.source, 'flags');
  assert.equal(r.files, [f]);
  assert.is(r.contextName, '');
  assert.is(r.server, 'https://direct:6443');
  assert.equal(r.contextNames, ['prod', 'dev']);
  assert.is(hdr(await httpsOpts(r), 'Authorization'), 'Bearer direct-tok');
});

test('--server: replaces the server and the file\'s tls-server-name; works with no kubeconfig at all', async () => {
  const f = write(dir(), 'config', TWO);
  const r = resolve({ server: 'https://other:443/' }, { KUBECONFIG: f });
  assert.is(r.source, 'kubeconfig');
  assert.is(r.server, 'https://other:443');
  assert.is(r.cluster.tlsServerName, undefined);
  assert.is(hdr(await httpsOpts(r), 'Authorization'), 'Bearer admin-tok');
  const bare = resolve({ server: '10.0.0.1:6443' }, {});
  assert.is(bare.source, 'flags');
  assert.equal(bare.files, []);
  assert.is(bare.server, 'https://10.0.0.1:6443');
  throwsKc(() => resolve({ server: 'https://' }, {}), 'not a valid URL');
  // http:// resolves; the client layer decides whether to refuse it.
  assert.is(resolve({ server: 'http://127.0.0.1:8080' }, {}).server, 'http://127.0.0.1:8080');
});

test('tls-server-name from the file, and from --tls-server-name', async () => {
  const f = write(dir(), 'config', TWO);
  assert.is((await httpsOpts(resolve({}, { KUBECONFIG: f }))).servername, 'prod.internal');
  assert.is((await httpsOpts(resolve({ tlsServerName: 'flag.internal' }, { KUBECONFIG: f }))).servername, 'flag.internal');
  assert.is((await httpsOpts(resolve({ server: 'https://1.2.3.4', tlsServerName: 'sni.internal' }, { KUBECONFIG: f }))).servername, 'sni.internal');
});

test('--token replaces the file token and exec plugin; the file client certificate stays', async () => {
  const f = write(dir(), 'config', `clusters:
- name: c
  cluster: {server: "https://c:1"}
users:
- name: u
  user:
    token: file-tok
    client-certificate-data: Y2VydC1kYXRh
    client-key-data: a2V5LWRhdGE=
- name: e
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: /does/not/exist}
contexts:
- name: x
  context: {cluster: c, user: u}
- name: y
  context: {cluster: c, user: e}
current-context: x
`);
  const o = await httpsOpts(resolve({ token: 'flag-tok' }, { KUBECONFIG: f }));
  assert.is(hdr(o, 'Authorization'), 'Bearer flag-tok');
  assert.is(str(o.cert), 'cert-data');
  assert.is(str(o.key), 'key-data');
  // The exec plugin would fail (no such command) if it still ran.
  const r = resolve({ context: 'y', token: 'flag-tok' }, { KUBECONFIG: f });
  assert.is(r.user.exec, undefined);
  assert.is(hdr(await httpsOpts(r), 'Authorization'), 'Bearer flag-tok');
});

test('CA: data, a file relative to the kubeconfig directory, --certificate-authority, and conflicts', async () => {
  const d = dir();
  write(d, 'pki/ca.crt', 'file-ca');
  const flagCa = write(dir(), 'flag-ca.crt', 'flag-ca');
  const f = write(d, 'config', `clusters:
- name: data
  cluster: {server: "https://c:1", certificate-authority-data: ZmFrZS1jYQ==}
- name: file
  cluster: {server: "https://c:1", certificate-authority: pki/ca.crt}
- name: both
  cluster: {server: "https://c:1", certificate-authority: pki/ca.crt, certificate-authority-data: ZmFrZS1jYQ==}
- name: insecure-and-ca
  cluster: {server: "https://c:1", certificate-authority: pki/ca.crt, insecure-skip-tls-verify: true}
- name: missing-ca
  cluster: {server: "https://c:1", certificate-authority: pki/nope.crt}
users:
- name: u
  user: {token: t}
contexts:
- name: x
  context: {cluster: data, user: u}
current-context: x
`);
  const env = { KUBECONFIG: f };
  assert.is(str((await httpsOpts(resolve({}, env))).ca), 'fake-ca');
  const rFile = resolve({ cluster: 'file' }, env);
  assert.is(rFile.cluster.caFile, path.join(d, 'pki', 'ca.crt'));
  assert.is(str((await httpsOpts(rFile)).ca), 'file-ca');
  assert.is(str((await httpsOpts(resolve({ certificateAuthority: flagCa }, env))).ca), 'flag-ca');
  // A flag CA replaces the whole trust setting, so it also cures a file that sets both CA and insecure.
  assert.is(str((await httpsOpts(resolve({ cluster: 'insecure-and-ca', certificateAuthority: flagCa }, env))).ca), 'flag-ca');
  throwsKc(() => resolve({ cluster: 'both' }, env), 'certificate-authority and certificate-authority-data');
  throwsKc(() => resolve({ cluster: 'insecure-and-ca' }, env), 'insecure-skip-tls-verify', f);
  throwsKc(() => resolve({ cluster: 'missing-ca' }, env), path.join(d, 'pki', 'nope.crt'), 'does not exist');
  throwsKc(() => resolve({ certificateAuthority: path.join(d, 'nope') }, env), 'nope', 'does not exist');
  throwsKc(() => resolve({ certificateAuthority: flagCa, insecureSkipTlsVerify: true }, env), 'cannot be used together');
});

test('--insecure-skip-tls-verify drops the CA and turns verification off', async () => {
  const f = write(dir(), 'config', BASIC);
  const r = resolve({ insecureSkipTlsVerify: true }, { KUBECONFIG: f });
  assert.is(r.insecureSkipTlsVerify, true);
  const o = await httpsOpts(r);
  assert.is(o.ca, undefined);
  assert.is(o.rejectUnauthorized, false);
  // insecure from the file
  const g = write(dir(), 'config', BASIC.replace('certificate-authority-data: ZmFrZS1jYQ==', 'insecure-skip-tls-verify: true'));
  assert.is(resolve({}, { KUBECONFIG: g }).insecureSkipTlsVerify, true);
});

test('client certificates: data, files relative to the kubeconfig, flags, and a missing key', async () => {
  const d = dir();
  write(d, 'certs/client.crt', 'file-cert');
  write(d, 'certs/client.key', 'file-key');
  const fd = dir();
  const flagCert = write(fd, 'c.crt', 'flag-cert');
  const flagKey = write(fd, 'c.key', 'flag-key');
  const f = write(d, 'config', `clusters:
- name: c
  cluster: {server: "https://c:1", certificate-authority-data: ZmFrZS1jYQ==}
users:
- name: data
  user: {client-certificate-data: Y2VydC1kYXRh, client-key-data: a2V5LWRhdGE=}
- name: files
  user: {client-certificate: certs/client.crt, client-key: ./certs/client.key}
- name: no-key
  user: {client-certificate: certs/client.crt}
contexts:
- name: x
  context: {cluster: c, user: data}
current-context: x
`);
  const env = { KUBECONFIG: f };
  const o1 = await httpsOpts(resolve({}, env));
  assert.is(str(o1.cert), 'cert-data');
  assert.is(str(o1.key), 'key-data');
  assert.is(str(o1.ca), 'fake-ca');
  assert.is(hdr(o1, 'Authorization'), undefined);
  const o2 = await httpsOpts(resolve({ user: 'files' }, env));
  assert.is(str(o2.cert), 'file-cert');
  assert.is(str(o2.key), 'file-key');
  const o3 = await httpsOpts(resolve({ clientCertificate: flagCert, clientKey: flagKey }, env));
  assert.is(str(o3.cert), 'flag-cert');
  assert.is(str(o3.key), 'flag-key');
  throwsKc(() => resolve({ user: 'no-key' }, env), 'no-key', 'no key');
  // A user that does not exist is fine when the flags supply a certificate and key.
  const o4 = await httpsOpts(resolve({ user: 'ghost', clientCertificate: flagCert, clientKey: flagKey }, env));
  assert.is(str(o4.cert), 'flag-cert');
});

test('--as and --as-group; the file\'s as/as-groups; groups without a user are an error', async () => {
  const f = write(dir(), 'config', BASIC);
  const r = resolve({ as: 'jane', asGroup: ['g1', 'g2'] }, { KUBECONFIG: f });
  assert.equal(r.impersonate, { user: 'jane', groups: ['g1', 'g2'] });
  assert.is(hdr(await httpsOpts(r), 'Impersonate-User'), 'jane');
  throwsKc(() => resolve({ asGroup: ['g1'] }, { KUBECONFIG: f }), '--as');
  const g = write(dir(), 'config', BASIC.replace('{token: tok-1}', '{token: tok-1, as: bob, as-groups: [ops]}'));
  assert.equal(resolve({}, { KUBECONFIG: g }).impersonate, { user: 'bob', groups: ['ops'] });
  assert.equal(resolve({ as: 'amy' }, { KUBECONFIG: g }).impersonate, { user: 'amy', groups: ['ops'] });
});

test('as-uid, as-user-extra and --as-uid: sent as Impersonate-Uid and Impersonate-Extra-* (key escaped as client-go does); without a user they are an error', async () => {
  const f = write(dir(), 'config', BASIC.replace('{token: tok-1}', '{token: tok-1, as: bob, as-uid: u-1, as-user-extra: {example.com/scopes: [view, edit], "50%": [x]}}'));
  const r = resolve({}, { KUBECONFIG: f });
  assert.equal(r.impersonate, { user: 'bob', groups: [], uid: 'u-1', extra: { 'example.com/scopes': ['view', 'edit'], '50%': ['x'] } });
  const headers = await (await credentialsFor(r)).headers();
  assert.is(headers['Impersonate-User'], 'bob');
  assert.is(headers['Impersonate-Uid'], 'u-1');
  assert.equal(headers['Impersonate-Extra-example.com%2Fscopes'], ['view', 'edit']);
  assert.equal(headers['Impersonate-Extra-50%25'], ['x']);
  assert.is(resolve({ asUid: 'u-2' }, { KUBECONFIG: f }).impersonate?.uid, 'u-2', 'the flag wins');
  const plain = write(dir(), 'config', BASIC);
  throwsKc(() => resolve({ asUid: 'u-2' }, { KUBECONFIG: plain }), 'a uid (--as-uid)', '--as');
  const bad = write(dir(), 'config', BASIC.replace('{token: tok-1}', '{token: tok-1, as: bob, as-user-extra: {k: 1}}'));
  throwsKc(() => resolve({}, { KUBECONFIG: bad }), 'as-user-extra.k', 'must be a list of strings');
});

test('Windows: KUBECONFIG splits on ";" and home comes from USERPROFILE', () => {
  const d = dir();
  const a = write(d, 'a', 'current-context: dev\n');
  const b = write(d, 'b', TWO);
  const r = resolve({}, { KUBECONFIG: `${a};;${b}` }, opts({ platform: 'win32' }));
  assert.equal(r.files, [a, b]);
  assert.is(r.contextName, 'dev');
  assert.is(r.server, 'https://dev:6443');
  // On Linux the same value is one (missing) path.
  throwsKc(() => resolve({}, { KUBECONFIG: `${a};${b}` }, opts({ platform: 'linux' })), 'no configuration', `${a};${b}`);
});

test('home: ~/.kube/config from the homeDir option, HOME, or USERPROFILE on Windows', () => {
  const home = dir();
  const cfg = write(home, '.kube/config', BASIC);
  const sa = path.join(home, 'no-sa');
  assert.equal(resolve({}, {}, { homeDir: home, serviceAccountDir: sa, platform: 'linux' }).files, [cfg]);
  assert.equal(resolve({}, { HOME: home }, { serviceAccountDir: sa, platform: 'linux' }).files, [cfg]);
  assert.equal(resolve({}, { USERPROFILE: home }, { serviceAccountDir: sa, platform: 'win32' }).files, [cfg]);
  const empty = dir();
  assert.equal(resolve({}, { HOME: empty, USERPROFILE: home }, { serviceAccountDir: sa, platform: 'win32' }).files, [cfg]);
  // Set but empty KUBECONFIG means "unset": the home file is used.
  assert.equal(resolve({}, { KUBECONFIG: '' }, { homeDir: home, serviceAccountDir: sa, platform: 'linux' }).files, [cfg]);
  throwsKc(() => resolve({}, {}, { homeDir: empty, serviceAccountDir: sa, platform: 'linux' }), 'no configuration', path.join(empty, '.kube', 'config'));
});

test('tokenFile: read relative to the kubeconfig, trimmed, and it wins over token as in client-go', async () => {
  const d = dir();
  write(d, 'secrets/tok', 'file-token\n');
  const f = write(d, 'config', BASIC.replace('{token: tok-1}', '{tokenFile: secrets/tok, token: ignored}'));
  const o = await httpsOpts(resolve({}, { KUBECONFIG: f }));
  assert.is(hdr(o, 'Authorization'), 'Bearer file-token');
  const g = write(d, 'config2', BASIC.replace('{token: tok-1}', '{tokenFile: secrets/missing}'));
  throwsKc(() => resolve({}, { KUBECONFIG: g }), 'tokenFile', path.join(d, 'secrets', 'missing'));
});

test('exec credential plugin: a relative command runs and its token becomes the bearer header', async () => {
  const d = dir();
  write(d, 'bin/cred.sh', `#!/bin/sh
echo '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"exec-'"$1"'-'"$CRED_SUFFIX"'"}}'
`, 0o755);
  const f = write(d, 'config', `clusters:
- name: c
  cluster: {server: "https://c:1", certificate-authority-data: ZmFrZS1jYQ==}
users:
- name: e
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: ./bin/cred.sh
      args: [arg1]
      env: [{name: CRED_SUFFIX, value: sfx}]
      provideClusterInfo: false
contexts:
- name: x
  context: {cluster: c, user: e}
current-context: x
`);
  const r = resolve({}, { KUBECONFIG: f });
  const exec = r.user.exec as { command: string; provideClusterInfo: boolean };
  assert.is(exec.command, path.join(d, 'bin', 'cred.sh'));
  assert.is(exec.provideClusterInfo, false);
  const o = await httpsOpts(r);
  assert.is(hdr(o, 'Authorization'), 'Bearer exec-arg1-sfx');
  assert.is(str(o.ca), 'fake-ca');
  // A bare command name is left for PATH lookup.
  const g = write(d, 'config2', fs.readFileSync(f, 'utf8').replace('./bin/cred.sh', 'kubelogin'));
  assert.is((resolve({}, { KUBECONFIG: g }).user.exec as { command: string }).command, 'kubelogin');
  const h = write(d, 'config3', fs.readFileSync(f, 'utf8').replace('      apiVersion: client.authentication.k8s.io/v1beta1\n', ''));
  throwsKc(() => resolve({}, { KUBECONFIG: h }), h, 'exec.apiVersion is missing');
});

test('basic auth passes through; token plus basic auth is refused like kubectl', async () => {
  const f = write(dir(), 'config', BASIC.replace('{token: tok-1}', '{username: admin, password: pw}'));
  const o = await httpsOpts(resolve({}, { KUBECONFIG: f }));
  assert.is(o.auth, 'admin:pw');
  const g = write(dir(), 'config', BASIC.replace('{token: tok-1}', '{token: t, username: admin, password: pw}'));
  throwsKc(() => resolve({}, { KUBECONFIG: g }), 'username/password');
});

test('a cluster without a server is an error unless --server is given', () => {
  const f = write(dir(), 'config', BASIC.replace('server: "https://c1.example:6443/", ', ''));
  throwsKc(() => resolve({}, { KUBECONFIG: f }), 'cluster "c1"', 'no server', '--server');
  assert.is(resolve({ server: 'https://s:1' }, { KUBECONFIG: f }).server, 'https://s:1');
});

test('listContexts: merged names and first current-context; never throws on missing or broken files', () => {
  const d = dir();
  const a = write(d, 'a', TWO.replace('current-context: prod', 'current-context: dev'));
  const bad = write(d, 'bad', 'clusters: [');
  const b = write(d, 'b', BASIC);
  assert.equal(listContexts({}, { KUBECONFIG: `${path.join(d, 'gone')}:${bad}:${a}:${b}` }, opts()), { names: ['prod', 'dev', 'ctx1'], current: 'dev' });
  assert.equal(listContexts({ kubeconfig: path.join(d, 'gone') }, { KUBECONFIG: a }, opts()), { names: [], current: '' });
  assert.equal(listContexts({ kubeconfig: b }, { KUBECONFIG: a }, opts()), { names: ['ctx1'], current: 'ctx1' });
  assert.equal(listContexts({}, {}, opts()), { names: [], current: '' });
});

test('cleanup', () => {
  fs.rmSync(root, { recursive: true, force: true });
});

test.run();
