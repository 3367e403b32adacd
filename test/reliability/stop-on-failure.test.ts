// migrate writes CRs and Node annotations side by side. A failure in one (here: the Node list, forbidden) must stop
// the other at once: no write starts after it, and the error is reported only once nothing is being written, so what
// the user reads is the whole story and a re-run starts from a quiet cluster.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateScenario, startCluster, type KubeObject } from '../cluster/index.js';
import { clusterRole, userBinding } from '../cluster/scenarios/rbac-data.js';
import { runCli } from '../support/cli.js';

// Everything migrate needs except the Node list.
const MIGRATOR_RULES = [
  { apiGroups: ['extensions', 'projectcalico.org', 'alpha.projectcalico.org', 'apiextensions.k8s.io', 'crd.projectcalico.org'], resources: ['*'], verbs: ['*'] },
];

test('the Node list forbidden while CRs are being written: the CR writes stop at once, the error comes after the last one', async () => {
  const scenario = generateScenario({ nodes: 5, globalPeers: 300, seed: 9 });
  scenario.users.migrator = { token: 'migrator-token-0123456789', groups: [] };
  scenario.objects.push(clusterRole('migrator', MIGRATOR_RULES) as KubeObject, userBinding('migrator', 'migrator', 'migrator') as KubeObject);
  const c = await startCluster({ scenario });
  try {
    const crCreates = () => c.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/apis/crd.projectcalico.org/'));
    // Slow CR writes, so the Node list's answer arrives while most of them are still to come.
    c.setFaults({ latencyMs: 20, only: (req) => req.method === 'POST' && req.path.startsWith('/apis/crd.projectcalico.org/') });
    const r = await runCli(['--kubeconfig', c.kubeconfigPath, '--token', 'migrator-token-0123456789', 'migrate', '--concurrency', '4']);
    assert.is(r.code, 3, r.stderr);
    assert.match(r.stderr, /Forbidden: .*cannot list nodes/);
    const atExit = crCreates().length;
    const forbiddenAt = c.requests.findIndex((q) => q.path === '/api/v1/nodes' && q.status === 403);
    assert.ok(forbiddenAt >= 0, 'the Node list was refused');
    const after = c.requests.slice(forbiddenAt + 1).filter((q) => q.method === 'POST' && q.path.startsWith('/apis/crd.projectcalico.org/')).length;
    assert.ok(after <= 4, `at most the writes already in flight finish after the failure (${after})`);
    assert.ok(atExit < 300, `stopped part-way (${atExit} of 300 peers written)`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.is(crCreates().length, atExit, 'nothing is written after the error was reported');
  } finally {
    await c.stop();
  }
});

test.run();
