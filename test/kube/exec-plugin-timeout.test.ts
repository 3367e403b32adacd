// An exec credential plugin that never answers is stopped after the time limit (shortened here from the default
// minute) and is one error naming the user; an interruption kills it at once.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { credentialsFor, EXEC_TIMEOUT_MS } from '../../src/kube/credentials.js';
import { resolveConfig } from '../../src/kube/kubeconfig.js';
import { InterruptedError } from '../../src/errors.js';
import { KubeError } from '../../src/kube/errors.js';

const dir = mkdtempSync(path.join(tmpdir(), 'exec-timeout-'));
const pidFile = path.join(dir, 'plugin.pid');
const plugin = path.join(dir, 'hang.sh');
writeFileSync(plugin, `#!/bin/sh\necho $$ > ${pidFile}\nexec sleep 600\n`);
chmodSync(plugin, 0o755);
const kubeconfig = path.join(dir, 'kubeconfig.yaml');
writeFileSync(kubeconfig, `apiVersion: v1
kind: Config
current-context: c
clusters: [{ name: k, cluster: { server: "https://127.0.0.1:1", insecure-skip-tls-verify: true } }]
users: [{ name: hanging, user: { exec: { apiVersion: client.authentication.k8s.io/v1beta1, command: ${plugin} } } }]
contexts: [{ name: c, context: { cluster: k, user: hanging } }]
`);

const alive = (pid: number): boolean => { try { process.kill(pid, 0); return true; } catch { return false; } };
const pluginPid = (): number => Number(readFileSync(pidFile, 'utf8'));

test('the default limit is a minute', () => {
  assert.is(EXEC_TIMEOUT_MS, 60_000);
});

test('a plugin that hangs → stopped after the limit, one error naming the user', async () => {
  const started = Date.now();
  const err = await credentialsFor(resolveConfig({ kubeconfig }, {}), { execTimeoutMs: 500 }).then(() => undefined, (e: unknown) => e);
  assert.instance(err, KubeError);
  assert.is((err as KubeError).reason, 'Timeout');
  assert.match((err as KubeError).message, 'the exec credential plugin hang.sh of user "hanging" did not answer within 0.5 s; it was stopped');
  assert.ok(Date.now() - started < 5000);
  assert.not.ok(alive(pluginPid()), 'the plugin was killed');
});

test('an interruption while the plugin runs → its reason, and the plugin is killed', async () => {
  rmSync(pidFile, { force: true });
  const controller = new AbortController();
  const pending = credentialsFor(resolveConfig({ kubeconfig }, {}), { signal: controller.signal }).then(() => undefined, (e: unknown) => e);
  for (let i = 0; i < 500 && !existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 50));   // the plugin has written its pid
  controller.abort(new InterruptedError('SIGTERM'));
  const err = await pending;
  assert.instance(err, InterruptedError);
  await new Promise((r) => setTimeout(r, 100));
  assert.not.ok(alive(pluginPid()), 'the plugin was killed');
});

test.run();
