// The whole procedure on every scenario: run → (upgrade calico/node) → cleanup, and the demo itself.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCluster, type ScenarioName } from '../cluster/index.js';
import { runCli } from '../support/cli.js';

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

test('the demo runs from start to end (npm run demo)', async () => {
  const node = new URL('../../node_modules/.bin/node', import.meta.url).pathname;
  const demo = new URL('../../scripts/demo.ts', import.meta.url).pathname;
  const result = await new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(node, ['--import', 'tsx', demo], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, out }); });
  });
  assert.is(result.code, 0, result.out.slice(-2000));
  for (const step of ['$ kubectl calico-migrate check', '$ kubectl calico-migrate run -y', '$ kubectl calico-migrate cleanup --backup', '$ kubectl calico-migrate verify --backup']) {
    assert.match(result.out, step);
  }
  assert.match(result.out, /Done\. Migrated to CRDs: 6 globalfelixconfigs, 3 globalbgpconfigs, 4 ippools, 3 bgppeers/);
});

test.run();
