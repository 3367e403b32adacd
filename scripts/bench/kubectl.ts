// The official procedure's tools against the same server: the seed's four backup commands (`kubectl get … -o yaml`)
// and a `kubectl apply -f` of the converted objects (what the official Job did per object: a GET, then a create).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { planMigration } from '../../src/calico/plan.js';
import { readCalicoCrds } from '../../src/cluster/crds.js';
import { connect, type Connection } from '../../src/kube/connection.js';
import { ensureCrds, inspectCrds } from '../../src/steps/ensure-crds.js';
import { readSource } from '../../src/steps/source.js';
import { VERSION } from '../../src/version.js';
import { runMeasured, type RunResult } from './measure.js';

export const KUBECTL = '/usr/bin/kubectl';

/** What the official procedure's backup step ran (docs/calico-data.md#official-job), calicoctl's two replaced by their kubectl equivalents. */
export const BACKUP_GETS = [
  ['get', 'globalconfig', '--all-namespaces', '-o', 'yaml'],
  ['get', 'globalbgpconfig', '--all-namespaces', '-o', 'yaml'],
  ['get', 'ippools.projectcalico.org', '--all-namespaces', '-o', 'yaml'],
  ['get', 'globalbgppeers.projectcalico.org', '--all-namespaces', '-o', 'yaml'],
];

async function open(kubeconfig: string): Promise<Connection> {
  return connect({ flags: { kubeconfig }, env: {}, namespace: 'kube-system', timeoutMs: 0, concurrency: 16, userAgent: 'calico-bench' });
}

/** The CRD objects migrate would create, as one List (computed once per scenario with the plugin's own domain). */
export async function convertedObjectsFile(kubeconfig: string, dir: string): Promise<{ file: string; count: number }> {
  const conn = await open(kubeconfig);
  try {
    const source = await readSource(conn);
    const plan = planMigration({ sources: source.objects, existing: {}, options: { includeSnp: false, overwrite: false, calicoNamespace: 'kube-system', toolVersion: VERSION } });
    const items = plan.flatMap((e) => (e.action === 'create' && e.desired ? [e.desired] : []));
    const file = path.join(dir, 'converted.json');
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    return { file, count: items.length };
  } finally {
    conn.close();
  }
}

/** Creates the five CRDs and waits for them (not measured: kubectl apply of CRs needs them served). */
export async function prepareCrds(kubeconfig: string): Promise<void> {
  const conn = await open(kubeconfig);
  try {
    await ensureCrds(conn.client, 'v1beta1', inspectCrds(await readCalicoCrds(conn.client, 'v1beta1')), 30_000);
  } finally {
    conn.close();
  }
}

/** The four gets one after the other, as the procedure has them typed; a fresh discovery cache per series. */
export async function kubectlBackup(kubeconfig: string): Promise<RunResult> {
  const cache = mkdtempSync(path.join(tmpdir(), 'calico-bench-kcache-'));
  try {
    let total: RunResult = { code: 0, wallMs: 0, stdout: '', stderr: '' };
    for (const args of BACKUP_GETS) {
      const r = await runMeasured([KUBECTL, '--kubeconfig', kubeconfig, '--cache-dir', cache, ...args]);
      if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${r.stderr.trim()}`);
      total = { code: 0, wallMs: total.wallMs + r.wallMs, rssMb: Math.max(total.rssMb ?? 0, r.rssMb ?? 0) || undefined, stdout: '', stderr: '' };
    }
    return total;
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

export async function kubectlApply(kubeconfig: string, file: string): Promise<RunResult> {
  const cache = mkdtempSync(path.join(tmpdir(), 'calico-bench-kcache-'));
  try {
    const r = await runMeasured([KUBECTL, '--kubeconfig', kubeconfig, '--cache-dir', cache, 'apply', '--validate=false', '-f', file]);
    if (r.code !== 0) throw new Error(`kubectl apply failed: ${r.stderr.trim().slice(0, 500)}`);
    return r;
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}
