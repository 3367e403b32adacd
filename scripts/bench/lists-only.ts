// The reads of `migrate` and nothing else (discovery, TPR definitions, one LIST per TPR kind, Nodes, CRDs, one LIST per
// existing CRD kind), as a process of its own: the yardstick for "a re-run costs no more than its LISTs".
// Usage: lists-only.ts KUBECONFIG CONCURRENCY → prints {"ms": N} (time from connect to the last LIST).
import { connect } from '../../src/kube/connection.js';
import { crdApiVersion, readAllCustomResources, readCalicoCrds } from '../../src/cluster/crds.js';
import { readSource } from '../../src/steps/source.js';

// No top-level await: the bench bundles this as CommonJS, as the CLI is.
async function main(): Promise<void> {
  const [kubeconfig, concurrency = '16'] = process.argv.slice(2);
  const started = performance.now();
  const conn = await connect({
    flags: { kubeconfig }, env: process.env, namespace: 'kube-system', timeoutMs: 0, concurrency: Number(concurrency), userAgent: 'calico-bench',
  });
  const version = await crdApiVersion(conn.client);
  const [, crds] = await Promise.all([readSource(conn), version ? readCalicoCrds(conn.client, version) : new Map()]);
  await readAllCustomResources(conn.client, [...crds.keys()]);
  conn.close();
  process.stdout.write(`${JSON.stringify({ ms: Math.round(performance.now() - started) })}\n`);
}

void main();
