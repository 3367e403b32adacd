// The bench's cluster in the foreground, for profiling a verb by hand:
//   tsx scripts/bench/serve.ts KUBECONFIG_PATH [LATENCY_MS] [--quick]   (Ctrl-C stops it)
import { copyFileSync } from 'node:fs';
import { startCluster } from '../../test/cluster/index.js';
import { benchScenario, DEFAULT_SIZE, QUICK_SIZE } from './scenario.js';

const [kubeconfig, latency = '10'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const cluster = await startCluster({
  scenario: benchScenario(process.argv.includes('--quick') ? QUICK_SIZE : DEFAULT_SIZE), faults: { latencyMs: Number(latency) }, lifetimeMs: 4 * 3600_000,
});
if (kubeconfig) copyFileSync(cluster.kubeconfigPath, kubeconfig);
process.stdout.write(`listening on ${cluster.url}; kubeconfig ${kubeconfig ?? cluster.kubeconfigPath}\n`);
const keepAlive = setInterval(() => undefined, 60_000); // the cluster's own handles are unref'd
process.on('SIGINT', () => { clearInterval(keepAlive); void cluster.stop().then(() => process.exit(0)); });
process.on('SIGTERM', () => { void cluster.stop().then(() => process.exit(0)); });
