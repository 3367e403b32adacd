// Output into a pipe whose reader went away: `verify -o yaml | head -1` ends quietly with verify's own exit code, and a
// stderr nobody reads (the -v request log into a closed pipe) changes nothing. Real child processes, real pipes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateScenario, startCluster, type Cluster } from '../cluster/index.js';
import { runCli } from '../support/cli.js';
import { startCliProcess } from '../support/process.js';

let cluster: Cluster;

test.before(async () => {
  // Enough objects that verify's YAML (~250 KB) is far more than a pipe holds: the writer meets the closed end.
  cluster = await startCluster({ scenario: generateScenario({ nodes: 5, globalPeers: 800, seed: 7 }) });
  const r = await runCli(['--kubeconfig', cluster.kubeconfigPath, 'migrate']);
  assert.is(r.code, 0, r.stderr);
});
test.after(() => cluster.stop());

test('verify -o yaml | head -1: head closes the pipe after its line → verify\'s own exit 0, nothing on stderr', async () => {
  // The shell's own pipe into head, and verify's exit status from PIPESTATUS.
  const cli = new URL('../../bin/kubectl-calico_migrate', import.meta.url).pathname;
  const script = `"${cli}" --kubeconfig "${cluster.kubeconfigPath}" verify -o yaml | head -1; exit \${PIPESTATUS[0]}`;
  const r = await startCliProcess(['-c', script], { bin: 'bash' }).done;
  assert.is(r.stdout, 'source: live\n', 'head printed its line');
  assert.is(r.stderr, '', 'no EPIPE stack trace');
  assert.is(r.code, 0, 'verify\'s own exit code');
});

test('a closed stderr changes nothing: verify -v -v -v with its request log going nowhere → exit 0, the result on stdout', async () => {
  const { child, done } = startCliProcess(['--kubeconfig', cluster.kubeconfigPath, 'verify', '-v', '-v', '-v']);
  child.stderr!.destroy();
  const r = await done;
  assert.is(r.code, 0);
  assert.match(r.stdout, /800 match|match, 0 missing/);
});

test.run();
