// The whole procedure on every scenario: run → (upgrade calico/node) → cleanup, and the demo itself.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { startCluster, type ScenarioName } from '../cluster/index.js';
import { runCli } from '../support/cli.js';
import { findKubectls } from '../support/kubectl.js';

const dirFor = (name: string): string => path.join(mkdtempSync(path.join(tmpdir(), 'run-test-')), name);

for (const scenario of ['calico-v2.4', 'canal-v2.4', 'policy-only-v2.4'] as ScenarioName[]) {
  test(`${scenario}: run -y → upgrade → check → cleanup -y → verify --backup; check then says not needed`, async () => {
    const c = await startCluster({ scenario });
    const cli = (...argv: string[]) => runCli(['--kubeconfig', c.kubeconfigPath, ...argv]);
    try {
      const backup = dirFor('backup');
      const r = await cli('run', '-y', '-d', backup, '-o', 'json');
      assert.is(r.code, 0, r.stderr + r.stdout.slice(0, 2000));
      const data = JSON.parse(r.stdout);
      assert.equal(data.steps.map((s: { step: string; outcome: string }) => `${s.step}:${s.outcome}`), ['check:ok', 'backup:ok', 'migrate:ok', 'verify:ok', 'rbac:ok']);
      assert.is(data.backupDir, backup);
      assert.match(data.next[0], /set image daemonset\/\S+ calico-node=quay\.io\/calico\/node:v2\.5\.1/);
      assert.is(data.next.at(-1), `kubectl calico-migrate --kubeconfig ${c.kubeconfigPath} cleanup --backup ${backup}`);
      // The same as commands, not prose: each whole and runnable, with why beside it.
      const commands = data.nextCommands.map((n: { command: string }) => n.command);
      assert.is(commands[0], data.next[0]);
      for (const n of data.nextCommands) assert.match(n.command, /^kubectl( calico-migrate)? --kubeconfig \S+ [^()]+$/, n.command);
      for (const n of data.nextCommands) assert.ok(n.why.length > 0, n.command);
      assert.ok(commands.includes(`kubectl calico-migrate --kubeconfig ${c.kubeconfigPath} check`));
      assert.is(commands.at(-1), `kubectl calico-migrate --kubeconfig ${c.kubeconfigPath} cleanup --backup ${backup}`);

      const again = await cli('check', '-o', 'json');
      assert.is(JSON.parse(again.stdout).state, 'rbac-updated');
      const ds = c.state.list({ group: 'extensions', version: 'v1beta1', resource: 'daemonsets' }, 'kube-system')[0]!;
      c.state.setDaemonSetImage('kube-system', ds.metadata.name, 'calico-node', 'quay.io/calico/node:v2.5.1');
      const upgraded = await cli('check', '-o', 'json');
      assert.is(JSON.parse(upgraded.stdout).state, 'calico-upgraded');
      const cleaned = await cli('cleanup', '--backup', backup, '-y');
      assert.is(cleaned.code, 0, cleaned.stderr);
      assert.is((await cli('verify', '--backup', backup)).code, 0);
      const done = await cli('check', '-o', 'json');
      const verdict = JSON.parse(done.stdout);
      assert.is(done.code, 1, 'not needed any more');
      assert.is(verdict.state, 'tprs-removed');
    } finally {
      await c.stop();
    }
  });
}

test('run stops at check: not needed (exit 1) on a migrated cluster, blocked (exit 2) on Kubernetes 1.8; nothing written', async () => {
  for (const [scenario, code] of [['calico-v2.5-migrated', 1], ['k8s-1.8-broken', 2]] as Array<[ScenarioName, number]>) {
    const c = await startCluster({ scenario });
    try {
      const r = await runCli(['--kubeconfig', c.kubeconfigPath, 'run', '-y', '-d', dirFor('b')]);
      assert.is(r.code, code, `${scenario}: ${r.stderr}`);
      assert.match(r.stdout, /Stopped: /);
      assert.equal(c.writes().filter((w) => !w.review), [], scenario);
    } finally {
      await c.stop();
    }
  }
});

test('run -o json: a step\'s warning is in `warnings` with the step it came from (a stale lock taken over by its backup)', async () => {
  const c = await startCluster({ scenario: 'calico-v2.4' });
  try {
    const dir = dirFor('stale');
    mkdirSync(dir, { recursive: true });
    const dead = spawnSync('true').pid;
    writeFileSync(path.join(dir, '.calico-migrate.lock'), JSON.stringify({ pid: dead, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }));
    const r = await runCli(['--kubeconfig', c.kubeconfigPath, 'run', '-y', '-d', dir, '-o', 'json']);
    assert.is(r.code, 0, r.stderr);
    const took = `took over the lock of a backup that no longer runs (pid ${dead}, since 2026-01-01T00:00:00.000Z)`;
    assert.equal(JSON.parse(r.stdout).warnings, [`[backup] ${took}`]);
  } finally {
    await c.stop();
  }
});

test('run without -y and without a terminal refuses before migrate (exit 2): only the backup was made', async () => {
  const c = await startCluster({ scenario: 'calico-v2.4' });
  try {
    const r = await runCli(['--kubeconfig', c.kubeconfigPath, 'run', '-d', dirFor('b')]);
    assert.is(r.code, 2);
    assert.match(r.stderr, /needs confirmation, and there is no terminal/);
    assert.equal(c.writes().filter((w) => !w.review), []);
  } finally {
    await c.stop();
  }
});

function runDemo(env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; out: string }> {
  const node = new URL('../../node_modules/.bin/node', import.meta.url).pathname;
  const demo = new URL('../../scripts/demo.ts', import.meta.url).pathname;
  return new Promise((resolve) => {
    const child = spawn(node, ['--import', 'tsx', demo], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, out }); });
  });
}

const DEMO_STEPS = ['$ kubectl calico-migrate check', '$ kubectl calico-migrate run -y', '$ kubectl calico-migrate cleanup --backup', '$ kubectl calico-migrate verify --backup'];
const pathKubectl = findKubectls().find((k) => k.label === 'default');

test('the demo runs from start to end (npm run demo); the upgrade is the commands run printed, with the kubectl on PATH', async () => {
  const result = await runDemo();
  assert.is(result.code, 0, result.out.slice(-2000));
  for (const step of DEMO_STEPS) assert.match(result.out, step);
  assert.match(result.out, /Done\. Migrated to CRDs: 6 globalfelixconfigs, 3 globalbgpconfigs, 4 ippools, 3 bgppeers/);
  if (!pathKubectl) { console.log('[e2e/run.test] no kubectl on PATH: the demo\'s real upgrade is not tested'); return; }
  assert.match(result.out, 'Next: kubectl -n kube-system set image daemonset/calico-node calico-node=quay.io/calico/node:v2.5.1');
  assert.match(result.out, '\n$ kubectl -n kube-system set image daemonset/calico-node calico-node=quay.io/calico/node:v2.5.1\ndaemonset.extensions/calico-node image updated');
  assert.match(result.out, '\n$ kubectl -n kube-system rollout status daemonset/calico-node --timeout=2m\n');
  assert.match(result.out, 'daemon set "calico-node" successfully rolled out');
  assert.match(result.out, /calico\/node\s+ok\s+kube-system\/calico-node and its 4 pod\(s\) run v2\.5\.1/);
});

test('without kubectl on PATH, the demo simulates the upgrade and says so', async () => {
  const result = await runDemo({ ...process.env, PATH: '/nonexistent' });
  assert.is(result.code, 0, result.out.slice(-2000));
  for (const step of DEMO_STEPS) assert.match(result.out, step);
  assert.match(result.out, 'no kubectl on PATH, so the upgrade is simulated');
  assert.not.match(result.out, 'rolled out');
});

test.run();
