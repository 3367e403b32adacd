// The released binary on a big cluster: a 4,000-Node list is scanned as it arrives for each Node's metadata.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateScenario, startCluster } from '../cluster/index.js';
import { hostBinary } from './support/host-binary.js';
import { run } from './support/run.js';

test('the binary backs up the Calico annotations of 4,000 Nodes', async () => {
  const { path: binary } = hostBinary();
  const scenario = generateScenario({ nodes: 4000, nodePeers: 40, seed: 3 });
  const cluster = await startCluster({ scenario });
  const dir = mkdtempSync(join(tmpdir(), 'large-list-test-'));
  try {
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
