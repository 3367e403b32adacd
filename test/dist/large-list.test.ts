// The released binary on a big cluster: a Node list over the client's worker threshold is decoded on a worker thread,
// which inside a Node SEA runs from an inline program (no file beside the binary to load).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WORKER_THRESHOLD_BYTES } from '../../src/kube/metadata-list.js';
import { generateScenario, startCluster } from '../cluster/index.js';
import { hostBinary } from './support/host-binary.js';
import { run } from './support/run.js';

test('the binary backs up the annotations of 4,000 Nodes read through its worker thread', async () => {
  const { path: binary } = hostBinary();
  const scenario = generateScenario({ nodes: 4000, nodePeers: 40, seed: 3 });
  const cluster = await startCluster({ scenario });
  const dir = mkdtempSync(join(tmpdir(), 'large-list-test-'));
  try {
    const nodeListBytes = JSON.stringify(scenario.objects.filter((o) => o.kind === 'Node')).length;
    assert.ok(nodeListBytes > WORKER_THRESHOLD_BYTES, `the Node list (${nodeListBytes} bytes) takes the worker path`);
    const r = await run(binary, ['--kubeconfig', cluster.kubeconfigPath, 'backup', '-d', join(dir, 'b'), '-o', 'json'], { timeoutMs: 60_000 });
    assert.is(r.code, 0, r.stderr);
    assert.is(JSON.parse(r.stdout).counts.NodeAnnotations, 4000);
    const peers = readFileSync(join(dir, 'b', 'bgppeer.yaml'), 'utf8');
    assert.is(peers.match(/scope: node/g)?.length, 40, 'every node-scoped peer, read from the Nodes\' annotations');
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await cluster.stop();
  }
});

test.run();
