// The released binary stops as cleanly as the development shim: its bundle starts the same process entry, so a Ctrl-C
// (SIGINT) or SIGTERM mid-migrate cuts off the requests in flight, starts no new one, says what was done, and exits
// 130 / 143 (README, Exit codes).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateScenario, startCluster } from '../cluster/index.js';
import { hostBinary } from './support/host-binary.js';
import { startCliProcess } from '../support/process.js';

for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  test(`the binary interrupted by ${signal} in the middle of migrate's writes exits ${code} with what it did`, async () => {
    const { path: binary } = hostBinary();
    const cluster = await startCluster({ scenario: generateScenario({ nodes: 5, globalPeers: 300, seed: 5 }) });
    try {
      const { child, done } = startCliProcess(['--kubeconfig', cluster.kubeconfigPath, 'migrate', '--concurrency', '4'], { bin: binary });
      // Slow writes; the signal goes out as the 20th CR create arrives, so it lands mid-write on any machine.
      let creates = 0;
      cluster.setFaults({ latencyMs: 50, only: (req) => req.method === 'POST' && req.path.includes('crd.projectcalico.org') && ++creates === 20 && child.kill(signal) });
      const { code: exit, stderr } = await done;
      cluster.setFaults(null);
      assert.is(exit, code, stderr);
      assert.match(stderr, new RegExp(`interrupted by ${signal} after \\d+ write requests; no new request was started after it`));
      const written = cluster.writes().filter((w) => w.method === 'POST' && w.path.includes('crd.projectcalico.org')).length;
      assert.ok(written >= 20 && written < 300, `stopped part-way (${written} of 300 peers written)`);
    } finally {
      await cluster.stop();
    }
  });
}

test.run();
