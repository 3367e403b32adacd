// `restore --target tpr`: the way back on Kubernetes 1.7 when the procedure is halted. Recreates the Calico TPR
// definitions the backup holds, waits until 1.7 serves their data (it does so asynchronously), then recreates each
// object: absent → created, equal → unchanged, different → conflict unless --overwrite (guarded by resourceVersion).
// The TPR-era IPv6 node-peer keys cleanup removed are put back from the backup (where the Node still holds their v2.5
// key with the same peer), each Node patched with the resourceVersion it was read at. A calico/node v2.4 whose role
// lost its TPR rules (cleanup revoked them) cannot read what comes back: it is named, with the command that gives the
// rules back (exit 1).
import { RefusedError } from '../errors.js';
import type { BackupContent } from '../backup/format.js';
import { CALICO_KINDS, kindByTpr, nodeObjectName, tprDefinitionName, tprObjectName } from '../calico/kinds.js';
import type { KubeObject, TprKind } from '../calico/types.js';
import { patchNodeAnnotationsGuarded, readNodeAnnotations } from '../cluster/nodes.js';
import { readV24WithoutTprAccess } from '../cluster/calico-node-access.js';
import { emptyTprObjects, listTprKind, readTprDefinitions, readTprObjects, TPR_API } from '../cluster/tprs.js';
import type { KubeClient } from '../kube/client.js';
import { createIfAbsent, createOrRead, updateGuarded } from '../cluster/guarded-writes.js';
import { isNotFound, KubeError } from '../kube/errors.js';
import { mapLimited } from '../kube/limiter.js';
import { cell, line, type Report, type Tone } from '../report/report.js';
import { planSupersededKeyPutBack } from '../calico/superseded-peer-keys.js';
import { planTprRestore, tprDifferences, withoutServerFields, type TprRestoreEntry } from '../calico/restore-plan.js';
import type { StepContext } from './context.js';
import { listSome } from '../calico/list-some.js';

export type TprRestoreResult = 'created' | 'overwritten' | 'unchanged' | 'conflict' | 'skipped' | 'would create' | 'would overwrite';

export interface RestoreTprData {
  target: 'tpr';
  dryRun: boolean;
  definitions: Array<{ name: string; result: 'created' | 'exists' | 'would create' }>;
  objects: Array<{ kind: TprKind; namespace: string; name: string; result: TprRestoreResult; detail: string }>;
  /** The superseded IPv6 node-peer keys cleanup removed, put back from the backup. */
  nodePeerKeys: Array<{ node: string; key: string; result: 'restored' | 'would restore' | 'conflict'; detail: string }>;
  /** Nodes whose Calico annotations (then) differ from the backup otherwise: reported, not rewritten. */
  nodeAnnotations: Array<{ node: string; missing: string[]; different: string[] }>;
  writes: number;
  /** calico/node v2.4 (template or pod) whose ClusterRoles do not grant reading the TPR data restored. */
  v24WithoutTprAccess: string[];
}

const SERVE_TIMEOUT_MS = 60_000;
const TONE: Record<TprRestoreResult, Tone> = {
  created: 'ok', overwritten: 'warn', unchanged: 'ok', conflict: 'fail', skipped: 'fail', 'would create': 'info', 'would overwrite': 'info',
};

export async function restoreTpr(options: { dryRun: boolean; overwrite: boolean }, ctx: StepContext, backup: BackupContent): Promise<Report<RestoreTprData>> {
  const { client } = await ctx.connect();
  const { dryRun } = options;
  ctx.progress.update('reading the TPR definitions…', true);
  const live = await readTprDefinitions(client);
  if (!live) {
    throw new RefusedError('this cluster has no ThirdPartyResource API (Kubernetes 1.8 or later): TPRs cannot be restored here',
      'Write the backup\'s objects into CRDs instead: kubectl calico-migrate restore --target crd --backup DIR');
  }
  const liveNames = new Set(live.map((d) => d.metadata.name));
  const missing = backup.definitions.filter((d) => !liveNames.has(d.metadata.name));
  const before = client.stats.writes;
  if (!dryRun) {
    ctx.progress.update('recreating TPR definitions…', true);
    for (const def of missing) {
      await createIfAbsent(client, TPR_API, withoutServerFields(def));
    }
    await waitUntilServed(client, kindsOf(missing), SERVE_TIMEOUT_MS);
  }
  // Objects of definitions that exist (now) are compared with the live ones; a dry-run's missing kinds hold nothing yet.
  const defined = dryRun ? live : [...live, ...missing];
  const liveObjects = defined.length ? await readTprObjects(client, dryRun ? live : defined) : emptyTprObjects();
  const plan = planTprRestore(backup.objects, liveObjects, options.overwrite);
  ctx.progress.update('restoring TPR objects…', true);
  const results = dryRun ? plan.map(planned) : await mapLimited(plan, ctx.concurrency, (e) => applyEntry(client, e));
  const [liveNodes, cutOff] = await Promise.all([readNodeAnnotations(client), readV24WithoutTprAccess(client)]);
  const putBack = planSupersededKeyPutBack(liveNodes, backup.nodes);
  ctx.progress.update('putting back the node-peer keys cleanup removed…', true);
  const peerKeys = await mapLimited(putBack, ctx.concurrency, async (n) => {
    const written = dryRun ? 'planned' : await patchNodeAnnotationsGuarded(client, n.node, n.resourceVersion, n.keys);
    const [result, detail] = written === 'planned' ? ['would restore', 'removed by cleanup; its v2.5 key holds the same peer'] as const
      : written === 'patched' ? ['restored', 'from the backup; its v2.5 key holds the same peer'] as const
        : ['conflict', 'the Node changed since restore read it: left alone; re-run restore to re-plan'] as const;
    return Object.keys(n.keys).map((key) => ({ node: n.node, key, result, detail }));
  });
  const nodePeerKeys = peerKeys.flat();
  const restored = new Map(putBack.filter((n) => nodePeerKeys.some((k) => k.node === n.node && k.result === 'restored')).map((n) => [n.node, n.keys]));
  const nodesNow = liveNodes.map((n) => ({ node: n.node, annotations: { ...n.annotations, ...restored.get(n.node) } }));
  return restoreTprReport({
    target: 'tpr', dryRun,
    definitions: backup.definitions.map((d) => ({ name: d.metadata.name, result: liveNames.has(d.metadata.name) ? 'exists' : dryRun ? 'would create' : 'created' })),
    objects: results,
    nodePeerKeys,
    nodeAnnotations: nodeDifferences(nodesNow, backup),
    writes: client.stats.writes - before, v24WithoutTprAccess: cutOff.map((x) => x.description),
  }, ctx.next.plugin('rbac'));
}

const kindsOf = (definitions: KubeObject[]): TprKind[] =>
  CALICO_KINDS.filter((k) => definitions.some((d) => d.metadata.name === k.tpr.name)).map((k) => k.tpr.kind);

/** Kubernetes 1.7 starts serving a new TPR's data a moment after the definition is created: poll until it does. */
async function waitUntilServed(client: KubeClient, kinds: TprKind[], timeoutMs: number, pollMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let pending = kinds;
  while (pending.length) {
    const served = await Promise.all(pending.map(async (kind) => (await listTprKind(client, kind)) !== undefined));
    pending = pending.filter((_, i) => !served[i]);
    if (!pending.length) return;
    if (Date.now() >= deadline) {
      throw new KubeError('Timeout', `the server did not start serving ${pending.join(', ')} within ${timeoutMs / 1000} s of recreating its ThirdPartyResource`,
        { verb: 'list', resource: pending.join(', ') }, undefined, 'Re-run the same restore: it is safe to repeat.');
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

type ObjectResult = RestoreTprData['objects'][number];

function planned(e: TprRestoreEntry): ObjectResult {
  const base = { kind: e.kind, namespace: e.namespace, name: e.name };
  switch (e.action) {
    case 'create': return { ...base, result: 'would create', detail: 'absent' };
    case 'overwrite': return { ...base, result: 'would overwrite', detail: `differs in ${e.differs?.join(', ')}` };
    case 'unchanged': return { ...base, result: 'unchanged', detail: 'already equal to the backup' };
    case 'conflict': return { ...base, result: 'conflict', detail: `differs in ${e.differs?.join(', ')}: left alone; --overwrite replaces it` };
  }
}

async function applyEntry(client: KubeClient, e: TprRestoreEntry): Promise<ObjectResult> {
  const { tpr } = kindByTpr(e.kind);
  const gvr = { group: tpr.group, version: tpr.version, resource: tpr.plural, namespace: e.namespace };
  const base = { kind: e.kind, namespace: e.namespace, name: e.name };
  if (e.action === 'unchanged' || e.action === 'conflict') return planned(e);
  if (e.action === 'create') {
    const created = await createOrRead<KubeObject>(client, gvr, e.desired).catch((err: unknown) => {
      if (isNotFound(err)) return undefined;   // the namespace is not there
      throw err;
    });
    if (!created) return { ...base, result: 'skipped', detail: `namespace ${e.namespace} does not exist` };
    if (created.created) return { ...base, result: 'created', detail: '' };
    // Created by someone else since the read: equal is fine, different is theirs.
    const differs = tprDifferences(e.desired, created.current);
    return differs.length ? { ...base, result: 'conflict', detail: `created concurrently with different ${differs.join(', ')}; left alone` } : { ...base, result: 'unchanged', detail: 'created concurrently with the same content' };
  }
  const updated = await updateGuarded(client, { ...gvr, name: e.name }, { ...e.desired, metadata: { ...e.desired.metadata, resourceVersion: e.existing?.metadata.resourceVersion } });
  if (updated === 'conflict') return { ...base, result: 'conflict', detail: 'changed by another writer since it was read; left alone (re-run to re-plan)' };
  if (updated === 'gone') return { ...base, result: 'skipped', detail: 'deleted since it was read' };
  return { ...base, result: 'overwritten', detail: `replaced ${e.differs?.join(', ')}` };
}

function nodeDifferences(nodes: ReadonlyArray<{ node: string; annotations: Record<string, string> }>, backup: BackupContent): RestoreTprData['nodeAnnotations'] {
  const live = new Map(nodes.map((n) => [n.node, n.annotations]));
  return backup.nodes.flatMap((saved) => {
    const current = live.get(saved.node) ?? {};
    const missing = Object.keys(saved.annotations).filter((k) => current[k] === undefined);
    const different = Object.keys(saved.annotations).filter((k) => current[k] !== undefined && current[k] !== saved.annotations[k]);
    return missing.length || different.length ? [{ node: saved.node, missing, different }] : [];
  });
}

function restoreTprReport(data: RestoreTprData, rbacCommand: string): Report<RestoreTprData> {
  const count = (r: TprRestoreResult): number => data.objects.filter((o) => o.result === r).length;
  const peerConflicts = new Set(data.nodePeerKeys.filter((k) => k.result === 'conflict').map((k) => k.node));
  const attention = count('conflict') + count('skipped') + peerConflicts.size > 0;
  const cutOff = data.v24WithoutTprAccess;
  const lines = [data.dryRun
    ? line(`Dry run: nothing was written. Would create ${data.definitions.filter((d) => d.result === 'would create').length} TPR definitions and ${count('would create')} objects, overwrite ${count('would overwrite')}.`, 'info')
    : line(`Restored: ${data.definitions.filter((d) => d.result === 'created').length} TPR definitions created; objects: ${count('created')} created, ${count('overwritten')} overwritten, ${count('unchanged')} unchanged, ${count('conflict')} conflicts, ${count('skipped')} skipped (${data.writes} write requests).`, attention ? 'warn' : 'ok')];
  const restored = data.nodePeerKeys.filter((k) => k.result === (data.dryRun ? 'would restore' : 'restored'));
  if (restored.length) {
    lines.push(line(`${data.dryRun ? 'Would put back' : 'Put back'} ${restored.length} TPR-era IPv6 node-peer annotation key(s) that cleanup removed, on ${new Set(restored.map((k) => k.node)).size} Node(s), from the backup.`, data.dryRun ? 'info' : 'ok'));
  }
  if (peerConflicts.size) lines.push(line(`Left ${peerConflicts.size} Node(s) alone that changed since restore read them (${[...peerConflicts].join(', ')}): re-run restore to put their node-peer keys back.`, 'warn'));
  if (data.nodeAnnotations.length) lines.push(line(`${data.nodeAnnotations.length} Node(s) have Calico annotations that differ from the backup; they are reported, not rewritten (see the NODE table).`, 'warn'));
  if (attention) lines.push(line('Some objects were not restored: see the conflict and skipped rows (--overwrite replaces differing objects).', 'warn'));
  if (cutOff.length) {
    lines.push(line(`calico/node v2.4 cannot read the ${data.dryRun ? 'TPR data restore would bring back' : 'restored TPR data'}: ${listSome(cutOff, 3, '; ')} run(s) without its TPR rules (cleanup revoked them). Give them back: ${rbacCommand}`, 'fail'));
  }
  return {
    verb: 'restore',
    outcome: attention || cutOff.length ? 'negative' : 'ok',
    names: [
      ...data.definitions.filter((d) => d.result !== 'exists').map((d) => tprDefinitionName(d.name)),
      ...data.objects.filter((o) => o.result !== 'conflict' && o.result !== 'skipped').map((o) => tprObjectName(o.kind, o.name)),
      ...new Set(data.nodePeerKeys.filter((k) => k.result !== 'conflict').map((k) => nodeObjectName(k.node))),
    ],
    tables: [
      { columns: [{ key: 'name', header: 'THIRDPARTYRESOURCE' }, { key: 'result', header: 'RESULT' }],
        rows: data.definitions.map((d) => ({ name: d.name, result: cell(d.result, d.result === 'created' ? 'ok' : d.result === 'exists' ? 'plain' : 'info') })) },
      { columns: [{ key: 'kind', header: 'KIND' }, { key: 'object', header: 'OBJECT' }, { key: 'result', header: 'RESULT' }, { key: 'detail', header: 'DETAIL' }],
        rows: data.objects.map((o) => ({ kind: o.kind, object: `${o.namespace}/${o.name}`, result: cell(o.result, TONE[o.result]), detail: o.detail })) },
      ...(data.nodePeerKeys.length ? [{ columns: [{ key: 'node', header: 'NODE' }, { key: 'key', header: 'NODE-PEER KEY' }, { key: 'result', header: 'RESULT' }, { key: 'detail', header: 'DETAIL' }],
        rows: data.nodePeerKeys.map((k) => ({ ...k, result: cell(k.result, k.result === 'conflict' ? 'fail' : k.result === 'restored' ? 'ok' : 'info') })) }] : []),
      { columns: [{ key: 'node', header: 'NODE' }, { key: 'missing', header: 'MISSING ANNOTATIONS' }, { key: 'different', header: 'DIFFERENT ANNOTATIONS' }],
        rows: data.nodeAnnotations.map((n) => ({ node: n.node, missing: n.missing.join(', '), different: n.different.join(', ') })) },
    ],
    lines,
    data,
  };
}
