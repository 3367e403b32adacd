// A KubeClient for a simulated cluster, connected the way the CLI connects (kubeconfig rules, credentials, retries), for
// tests that call the cluster or client layer directly.
import { connect } from '../../src/kube/connection.js';
import type { KubeClient } from '../../src/kube/client.js';
import type { Cluster } from '../cluster/index.js';

export async function clientFor(cluster: Cluster, concurrency = 16): Promise<KubeClient> {
  const { client } = await connect({ flags: { kubeconfig: cluster.kubeconfigPath }, env: {}, namespace: 'kube-system', timeoutMs: 30_000, concurrency, userAgent: 'test' });
  return client;
}
