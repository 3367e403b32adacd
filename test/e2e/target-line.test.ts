// Before its first write, every writing verb prints one line on stderr naming the context, the server and the namespace
// it is about to change, and every prompt repeats it. Verbs that write nothing (check, backup, verify, a dry-run, a
// re-run with nothing to do) print none. The server URL is shown without user info; stdout is left to the results.
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startCluster, type Cluster } from '../cluster/index.js';
import { runCli, type CliOptions } from '../support/cli.js';
import { withCluster } from '../support/harness.js';

const targetOf = (c: Cluster): string => `target: context "admin", server ${c.url}, namespace kube-system`;

const isReview = (p: string): boolean => p.endsWith('/selfsubjectaccessreviews');

interface Watched { code: number; stdout: string; stderr: string; targets: string[]; beforeFirstWrite?: string }

/** Runs the CLI and keeps what stderr held the moment the server received the command's first write. */
async function watched(c: Cluster, argv: string[], opts: CliOptions = {}): Promise<Watched> {
  let live = '';
  let beforeFirstWrite: string | undefined;
  const hook = c.onRequest({ where: (req) => req.method !== 'GET' && !isReview(req.path) }, () => { beforeFirstWrite = live; });
  try {
    const r = await runCli(argv, { ...opts, onStderr: (t) => { live += t; } });
    const stderr = r.stderr.replace(/[^\n]*\r\x1b\[2K/g, ''); // as a terminal shows it: a progress line, cleared
    return { ...r, stderr, targets: stderr.split('\n').filter((l) => l.startsWith('target: ')), ...(hook.fired ? { beforeFirstWrite } : {}) };
  } finally {
    hook.remove();
  }
}


test('every writing verb prints the target line once, before its first write reaches the server', () => withCluster(async (c, _cli, dir) => {
  const expected = targetOf(c);
  const kc = ['--kubeconfig', c.kubeconfigPath];
  const backup = path.join(dir, 'backup');
  assert.is((await runCli([...kc, 'backup', '-d', backup])).code, 0);
  const writes = async (...argv: string[]): Promise<void> => {
    const r = await watched(c, [...kc, ...argv]);
    assert.is(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
    assert.ok(r.beforeFirstWrite !== undefined, `${argv.join(' ')} wrote to the cluster`);
    assert.equal(r.targets, [expected], `${argv.join(' ')} prints it once`);
    assert.ok(r.beforeFirstWrite!.includes(expected), `${argv.join(' ')} printed it before the first write arrived`);
  };
  await writes('migrate');
  await writes('rbac', '-y');
  await writes('rollback', '--backup', backup, '-y');
  await writes('restore', '--backup', backup, '--target', 'crd');
  await writes('migrate');
  await writes('rbac', '-y');
  c.state.setDaemonSetImage('kube-system', 'calico-node', 'calico-node', 'quay.io/calico/node:v2.5.1');
  await writes('cleanup', '--backup', backup, '-y');
  await writes('restore', '--backup', backup);
}));

test('run prints it once before migrate writes, and -o json keeps stdout pure JSON', () => withCluster(async (c, _cli, dir) => {
  const expected = targetOf(c);
  const r = await watched(c, ['--kubeconfig', c.kubeconfigPath, 'run', '-y', '-d', path.join(dir, 'b'), '-o', 'json']);
  assert.is(r.code, 0, r.stderr);
  assert.equal(r.targets, [expected]);
  assert.ok(r.beforeFirstWrite?.includes(expected));
  assert.is(JSON.parse(r.stdout).steps.length, 5);
  assert.not.match(r.stdout, 'target: ');
}));

test('no target line from verbs and runs that write nothing: check (access reviews only), backup, verify, dry-runs, a re-run', () => withCluster(async (c, _cli, dir) => {
  const kc = ['--kubeconfig', c.kubeconfigPath];
  const backup = path.join(dir, 'backup');
  const silent = async (code: number, ...argv: string[]): Promise<void> => {
    const r = await watched(c, [...kc, ...argv]);
    assert.is(r.code, code, `${argv.join(' ')}: ${r.stderr}`);
    assert.is(r.beforeFirstWrite, undefined, `${argv.join(' ')} wrote nothing`);
    assert.equal(r.targets, [], `${argv.join(' ')} prints no target line`);
  };
  await silent(0, 'check');
  assert.ok(c.writes().some((w) => w.review), 'check did send access reviews');
  await silent(0, 'backup', '-d', backup);
  await silent(0, 'migrate', '--dry-run');
  await silent(0, 'rbac', '--dry-run');
  await silent(0, 'restore', '--backup', backup, '--target', 'crd', '--dry-run');
  assert.is((await runCli([...kc, 'migrate'])).code, 0);
  await silent(0, 'migrate');
  await silent(0, 'verify');
  await silent(0, 'rollback', '--dry-run');
}));

test('every prompt repeats it, right above the question; the writes after a prompt do not print it again', () => withCluster(async (c, _cli, dir) => {
  const expected = targetOf(c);
  const kc = ['--kubeconfig', c.kubeconfigPath];
  assert.is((await runCli([...kc, 'migrate'])).code, 0);
  const role = await watched(c, [...kc, 'rbac'], { tty: true, stdin: 'y\n' });
  assert.is(role.code, 0, role.stderr);
  assert.match(role.stderr, `${expected}\nAdd Calico v2.5's CRD rule to ClusterRole calico-node`);
  assert.equal(role.targets, [expected], role.stderr);
  // Declined questions show it too (and nothing is written).
  const undo = await watched(c, [...kc, 'rollback'], { tty: true, stdin: 'n\n' });
  assert.is(undo.code, 2, undo.stderr);
  assert.match(undo.stderr, `${expected}\nDelete `);
  assert.match(undo.stderr, 'CRDs created by migrate');
  assert.is(undo.beforeFirstWrite, undefined);
  c.state.setDaemonSetImage('kube-system', 'calico-node', 'calico-node', 'quay.io/calico/node:v2.5.1');
  const backup = path.join(dir, 'backup');
  assert.is((await runCli([...kc, 'backup', '-d', backup])).code, 0);
  const clean = await watched(c, [...kc, 'cleanup', '--backup', backup], { tty: true, stdin: 'n\n' });
  assert.is(clean.code, 2, clean.stderr);
  assert.match(clean.stderr, `${expected}\nDelete 4 ThirdPartyResources`);
  assert.is(clean.beforeFirstWrite, undefined);

  // run asks twice (before migrate, before rbac): the line is above both questions.
  const fresh = await startCluster({ scenario: 'calico-v2.4' });
  try {
    const r = await watched(fresh, ['--kubeconfig', fresh.kubeconfigPath, 'run', '-d', path.join(dir, 'run')], { tty: true, stdin: 'y\n' });
    const line = `target: context "admin", server ${fresh.url}, namespace kube-system`;
    assert.is(r.code, 2, 'the second question gets no answer: declined');
    assert.match(r.stderr, `${line}\nCopy the TPR data to Calico v2.5 CRDs now`);
    assert.match(r.stderr, `${line}\nAdd Calico v2.5's CRD rule to ClusterRole calico-node`);
    assert.equal(r.targets, [line, line], r.stderr);
  } finally {
    await fresh.stop();
  }
}));

test('the line names the context as given (or none), and the server without user info', () => withCluster(async (c) => {
  const cert = await watched(c, ['--kubeconfig', c.kubeconfigPath, '--context', 'admin-cert', 'migrate']);
  assert.is(cert.code, 0, cert.stderr);
  assert.equal(cert.targets, [`target: context "admin-cert", server ${c.url}, namespace kube-system`]);

  const withUserinfo = c.url.replace('https://', 'https://operator:s3cret@');
  const flags = await watched(c, ['--server', withUserinfo, '--certificate-authority', c.caPath, '--token', c.users.admin!.token, 'rbac', '-y']);
  assert.is(flags.code, 0, flags.stderr);
  assert.equal(flags.targets, [`target: no context, server ${c.url}, namespace kube-system`]);
  assert.not.match(flags.targets.join('\n'), 's3cret');
}));

test.run();
