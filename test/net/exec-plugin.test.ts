// Exec credential plugins side by side with real kubectl: the same kubeconfig and environment, one plugin script that
// records what it was given (KUBERNETES_EXEC_INFO, the kubeconfig's env, whether stdin is a terminal, what was typed at
// its prompt). The plugin must see exactly what kubectl's plugin sees, in a pipe and at a real terminal (util-linux
// `script` gives both commands a pty); interactiveMode, installHint, and the plugin's stderr shown as kubectl shows it.
// Then what kubectl does not show side by side: the credential kept until it expires, and run again after a 401.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as yaml from 'js-yaml';
import { startCluster, type Cluster } from '../cluster/index.js';
import { sideBySideKubectl, type KubectlBinary } from '../support/kubectl.js';

const BIN = new URL('../../bin/kubectl-calico_migrate', import.meta.url).pathname;
let cluster: Cluster;
let kubectl: KubectlBinary;
let dir: string;
let plugin: string;

test.before(async () => {
  kubectl = sideBySideKubectl();
  cluster = await startCluster({ scenario: 'calico-v2.4' });
  dir = mkdtempSync(path.join(tmpdir(), 'net-exec-'));
  plugin = path.join(dir, 'plugin.sh');
  // $RECORD (from the process environment) names where this run's plugin writes what it saw; $TOKEN and $FOO come
  // from the kubeconfig's exec.env. The token files let a test hand out a bad token first (for the 401 case).
  writeFileSync(plugin, `#!/bin/sh
n=$(ls "$RECORD".*.info 2>/dev/null | wc -l)
out="$RECORD.$n"
printf '%s' "$KUBERNETES_EXEC_INFO" > "$out.info"
printf '%s' "$FOO" > "$out.foo"
if [ -t 0 ]; then echo tty > "$out.stdin"; printf 'One-time code: ' >&2; read otp; printf '%s' "$otp" > "$out.otp"; else echo notty > "$out.stdin"; fi
echo "plugin: signing in" >&2
token="$TOKEN"
if [ -f "$RECORD.first-token" ] && [ "$n" = 0 ]; then token=$(cat "$RECORD.first-token"); fi
printf '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","status":{"token":"%s"%s}}' "$token" "$EXPIRY"
`);
  chmodSync(plugin, 0o755);
});
test.after(async () => { await cluster?.stop(); });

let seq = 0;
type Exec = Record<string, unknown>;
function kubeconfigWith(exec: Exec, extension?: unknown): string {
  const config = yaml.load(readFileSync(cluster.kubeconfigPath, 'utf8')) as { clusters: Array<{ cluster: Record<string, unknown> }>; users: Array<{ name: string; user: Record<string, unknown> }> };
  if (extension !== undefined) config.clusters[0]!.cluster.extensions = [{ name: 'client.authentication.k8s.io/exec', extension }];
  config.users.find((u) => u.name === 'admin')!.user = { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: plugin,
    env: [{ name: 'TOKEN', value: cluster.users.admin!.token }, { name: 'FOO', value: 'from-kubeconfig' }], ...exec } };
  const file = path.join(dir, `kubeconfig-${++seq}`);
  writeFileSync(file, yaml.dump(config), { mode: 0o600 });
  return file;
}

function env(record: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, HOME: mkdtempSync(path.join(tmpdir(), 'net-exec-home-')), RECORD: record, EXPIRY: '', ...extra };
  delete e.KUBECONFIG;
  return e;
}

/** Runs a command, optionally at a pseudo-terminal (`script`), typing `typed` into it. */
function run(cmd: string, args: string[], e: NodeJS.ProcessEnv, pty?: { typed: string }): Promise<{ code: number | null; output: string }> {
  const quote = (w: string) => `'${w.replace(/'/g, `'\\''`)}'`;
  const [file, argv] = pty ? ['script', ['-qec', [cmd, ...args].map(quote).join(' '), '/dev/null']] : [cmd, args];
  return new Promise((resolve) => {
    const child = spawn(file, argv as string[], { env: e, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    // At a terminal the answer is typed once the prompt is up; in a pipe stdin is closed at once.
    if (pty) setTimeout(() => child.stdin.write(pty.typed), 1_500); else child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, output }); });
  });
}
const runKubectl = (file: string, e: NodeJS.ProcessEnv, pty?: { typed: string }) =>
  run(kubectl.path, ['--kubeconfig', file, '--cache-dir', mkdtempSync(path.join(tmpdir(), 'kubectl-cache-')), 'get', '--raw', '/version'], e, pty);
const runPlugin = (file: string, e: NodeJS.ProcessEnv, pty?: { typed: string }, verb = 'version') => run(BIN, ['--kubeconfig', file, verb], e, pty);

/** What the plugin saw in each of its runs for this record. */
function seen(record: string): Array<{ info: unknown; foo: string; stdin: string; otp?: string }> {
  const runs = readdirSync(path.dirname(record)).filter((f) => f.startsWith(`${path.basename(record)}.`) && f.endsWith('.info')).length;
  return Array.from({ length: runs }, (_, n) => {
    const at = (what: string) => `${record}.${n}.${what}`;
    return { info: JSON.parse(readFileSync(at('info'), 'utf8')), foo: readFileSync(at('foo'), 'utf8'), stdin: readFileSync(at('stdin'), 'utf8').trim(),
      ...(existsSync(at('otp')) ? { otp: readFileSync(at('otp'), 'utf8') } : {}) };
  });
}

async function sideBySide(name: string, exec: Exec, opts: { pty?: { typed: string }; extension?: unknown } = {}) {
  const file = kubeconfigWith(exec, opts.extension);
  const theirs = path.join(dir, `${name}-kubectl`);
  const ours = path.join(dir, `${name}-plugin`);
  const k = await runKubectl(file, env(theirs), opts.pty);
  const p = await runPlugin(file, env(ours), opts.pty);
  return { k, p, theirs: seen(theirs), ours: seen(ours) };
}

test('a pipe: KUBERNETES_EXEC_INFO (interactive false) and the kubeconfig\'s env as kubectl gives them; the token works; stderr shown', async () => {
  const r = await sideBySide('pipe', {});
  assert.is(r.k.code, 0, r.k.output);
  assert.is(r.p.code, 0, r.p.output);
  assert.equal(r.ours[0], r.theirs[0]);
  assert.equal(r.ours[0]!.info, { kind: 'ExecCredential', apiVersion: 'client.authentication.k8s.io/v1beta1', spec: { interactive: false } });
  assert.is(r.ours[0]!.foo, 'from-kubeconfig');
  assert.is(r.ours.length, 1, 'one run for the whole verb');
  assert.match(r.k.output, 'plugin: signing in');
  assert.match(r.p.output, 'plugin: signing in');
});

test('provideClusterInfo: the cluster\'s server, CA data and exec extension in KUBERNETES_EXEC_INFO, as kubectl sends them', async () => {
  const r = await sideBySide('cluster-info', { provideClusterInfo: true }, { extension: { audience: 'calico', region: 'eu-1' } });
  assert.is(r.p.code, 0, r.p.output);
  assert.equal(r.ours[0]!.info, r.theirs[0]!.info);
  const spec = (r.ours[0]!.info as { spec: { cluster: Record<string, unknown> } }).spec.cluster;
  assert.is(spec.server, cluster.url);
  assert.ok(typeof spec['certificate-authority-data'] === 'string');
  assert.equal(spec.config, { audience: 'calico', region: 'eu-1' });
});

test('at a terminal (IfAvailable): stdin is the terminal, the prompt is shown, what is typed reaches the plugin; Never keeps stdin away', async () => {
  const r = await sideBySide('tty', {}, { pty: { typed: '424242\r' } });
  assert.is(r.k.code, 0, r.k.output);
  assert.is(r.p.code, 0, r.p.output);
  assert.equal(r.ours[0], r.theirs[0]);
  assert.equal(r.ours[0], { info: { kind: 'ExecCredential', apiVersion: 'client.authentication.k8s.io/v1beta1', spec: { interactive: true } }, foo: 'from-kubeconfig', stdin: 'tty', otp: '424242' });
  assert.match(r.p.output, 'One-time code: ');
  const never = await sideBySide('tty-never', { interactiveMode: 'Never' }, { pty: { typed: '\r' } });
  assert.is(never.p.code, 0, never.p.output);
  assert.equal(never.ours[0], never.theirs[0]);
  assert.is(never.ours[0]!.stdin, 'notty');
});

test('interactiveMode Always without a terminal fails for both, the plugin never run; with v1 and no interactiveMode both refuse', async () => {
  const r = await sideBySide('always', { interactiveMode: 'Always' });
  assert.is.not(r.k.code, 0);
  assert.is(r.p.code, 3, r.p.output);
  assert.equal(r.ours, r.theirs);
  assert.equal(r.ours, []);
  assert.match(r.p.output, /needs a terminal \(interactiveMode Always\), but standard input is not a terminal/);
  const v1 = await sideBySide('v1-no-mode', { apiVersion: 'client.authentication.k8s.io/v1' });
  assert.is.not(v1.k.code, 0);
  assert.is(v1.p.code, 3, v1.p.output);
  assert.equal(v1.ours, []);
  assert.match(v1.p.output, /without interactiveMode/);
});

test('a command not on PATH: both fail and both show its installHint; a path that does not exist is not an install problem', async () => {
  const hint = 'Install the corp-login plugin: see https://wiki.example/corp-login';
  const r = await sideBySide('missing', { command: 'corp-login-not-installed', installHint: hint });
  assert.is.not(r.k.code, 0);
  assert.is(r.p.code, 3, r.p.output);
  assert.match(r.k.output, hint);
  assert.match(r.p.output, hint);
  assert.match(r.p.output, /executable corp-login-not-installed not found/);
  assert.not.match(r.p.output, /This looks like a bug/);
  const wrongPath = await sideBySide('missing-path', { command: path.join(dir, 'corp-login'), installHint: hint });
  assert.is.not(wrongPath.k.code, 0);
  assert.is(wrongPath.p.code, 3, wrongPath.p.output);
  assert.not.match(wrongPath.k.output, hint);
  assert.not.match(wrongPath.p.output, hint);
});

test('the credential is kept until its expirationTimestamp; one already expired is fetched again for each request', async () => {
  const file = kubeconfigWith({});
  const later = path.join(dir, 'expiry-later');
  assert.is((await runPlugin(file, env(later, { EXPIRY: `,"expirationTimestamp":"${new Date(Date.now() + 3_600_000).toISOString()}"` }), undefined, 'check')).code, 0);
  assert.is(seen(later).length, 1, 'one run for every request of check');
  const expired = path.join(dir, 'expiry-past');
  assert.is((await runPlugin(file, env(expired, { EXPIRY: ',"expirationTimestamp":"2020-01-01T00:00:00Z"' }), undefined, 'check')).code, 0);
  assert.ok(seen(expired).length > 3, `run again for each request (${seen(expired).length} runs)`);
});

test('a 401 runs the plugin again and sends the request once more with the fresh token, as kubectl ends up doing; a second 401 is the answer', async () => {
  const file = kubeconfigWith({});
  const record = path.join(dir, 'unauthorized');
  writeFileSync(`${record}.first-token`, 'revoked-token');
  const r = await runPlugin(file, env(record));
  assert.is(r.code, 0, r.output);
  assert.is(seen(record).length, 2);
  const kRecord = path.join(dir, 'unauthorized-kubectl');
  writeFileSync(`${kRecord}.first-token`, 'revoked-token');
  const k = await runKubectl(file, env(kRecord));
  assert.is(k.code, 0, k.output);
  assert.is(seen(kRecord).length, 2, 'kubectl runs it again too');
  // Always 401 (a token the server never accepts): the second answer is the error, exit 3, no loop.
  const bad = kubeconfigWith({ env: [{ name: 'TOKEN', value: 'never-valid' }] });
  const always = path.join(dir, 'unauthorized-always');
  const denied = await runPlugin(bad, env(always));
  assert.is(denied.code, 3, denied.output);
  assert.is(seen(always).length, 2);
});

test.run();
