// The one way a test gets a simulated cluster: started with the scenario or options given, the CLI pointed at it, a
// scratch directory for backups; both stopped and removed when the test ends, however it ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCluster, type Cluster, type ClusterOptions, type ScenarioName } from '../cluster/index.js';
import { runCli, type CliResult } from './cli.js';

/** The CLI with `--kubeconfig` of the test's cluster in front of `argv`. */
export type ClusterCli = (...argv: string[]) => Promise<CliResult>;
export type WithCluster<T> = (cluster: Cluster, cli: ClusterCli, dir: string) => Promise<T>;

export function withCluster<T>(fn: WithCluster<T>): Promise<T>;
export function withCluster<T>(scenario: ScenarioName | ClusterOptions, fn: WithCluster<T>): Promise<T>;
export async function withCluster<T>(a: ScenarioName | ClusterOptions | WithCluster<T>, b?: WithCluster<T>): Promise<T> {
  const [opts, fn] = typeof a === 'function' ? [{}, a] : [typeof a === 'string' ? { scenario: a } : a, b!];
  const cluster = await startCluster(opts);
  const dir = mkdtempSync(path.join(tmpdir(), 'with-cluster-'));
  try {
    return await fn(cluster, (...argv) => runCli(['--kubeconfig', cluster.kubeconfigPath, ...argv]), dir);
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

