// Verification with Calico v2.5's reading rules (README, `verify`): for every source object, is there a CR that
// Calico v2.5 reads as the same thing? Reuses the migration plan (what migrate would do now tells what is missing or
// different), then checks readability and looks for extras. Pure.
import { readAsCalicoV25, type FieldDiff } from './compare.js';
import { CALICO_KINDS, kindByTpr } from './kinds.js';
import { ipToResourceNameV16 } from './names.js';
import { isIPv4 } from './goip.js';
import { NODE_PEER_ANNOTATION_PREFIX, readNodePeers } from './node-peers.js';
import { planMigration, type PlanEntry } from './plan.js';
import { isJsonObject, type CrdKind, type KubeObject, type TprKind } from './types.js';

export type VerifyStatus = 'match' | 'missing' | 'differs' | 'extra' | 'invalid' | 'ignored';

export interface VerifyEntry {
  kind: CrdKind | 'NodePeer';
  name: string;
  source?: { kind: TprKind | 'NodeAnnotation'; namespace: string; name: string };
  status: VerifyStatus;
  detail: string;
  diffs?: FieldDiff[];
}

export interface VerifyInput {
  sources: Partial<Record<TprKind, readonly KubeObject[]>>;
  crs: Partial<Record<CrdKind, readonly KubeObject[]>>;
  sourceNodes: ReadonlyArray<{ node: string; annotations: Record<string, string> }>;
  liveNodes: ReadonlyArray<{ node: string; annotations: Record<string, string> }>;
  calicoNamespace: string;
}

export const isDifference = (s: VerifyStatus): boolean => s !== 'match' && s !== 'ignored';

export function verifyMigration(input: VerifyInput): VerifyEntry[] {
  const plan = planMigration({
    sources: input.sources,
    existing: input.crs,
    options: { includeSnp: true, overwrite: false, calicoNamespace: input.calicoNamespace, toolVersion: '' },
  });
  const gnps = new Set((input.crs.GlobalNetworkPolicy ?? []).map((o) => o.metadata.name));
  const entries = plan.map((e) => fromPlan(e, gnps));
  const claimed = new Set(plan.flatMap((e) => (e.target ? [`${e.target.kind}/${e.target.name}`] : [])));
  for (const { crd } of CALICO_KINDS) {
    for (const obj of input.crs[crd.kind] ?? []) {
      if (claimed.has(`${crd.kind}/${obj.metadata.name}`)) continue;
      const read = readAsCalicoV25(obj);
      entries.push(read.ok
        ? { kind: crd.kind, name: obj.metadata.name, status: 'extra', detail: 'in the CRDs but not in the source' }
        : { kind: crd.kind, name: obj.metadata.name, status: 'invalid', detail: `in the CRDs but not in the source, and Calico v2.5 cannot read it: ${read.reason}` });
    }
  }
  const byName = new Map<string, KubeObject>(); // kind/name → the first CR of that name (as Array.find), built once
  for (const { crd } of CALICO_KINDS) {
    for (const obj of input.crs[crd.kind] ?? []) {
      const key = `${crd.kind}/${obj.metadata.name}`;
      if (!byName.has(key)) byName.set(key, obj);
    }
  }
  return [...entries.map((e) => withReadability(e, byName)), ...verifyNodePeers(input.sourceNodes, input.liveNodes)];
}

function fromPlan(e: PlanEntry, gnps: Set<string>): VerifyEntry {
  const base = { kind: e.target?.kind ?? kindByTpr(e.kind).crd.kind, name: e.target?.name ?? e.source.name, source: { kind: e.kind, ...e.source } };
  switch (e.action) {
    case 'unchanged':
      return { ...base, status: 'match', detail: '' };
    case 'create':
      // SNPs were left out by the official procedure (and by migrate without --include-snp): only compared once migrated.
      if (e.kind === 'SystemNetworkPolicy' && !gnps.has(base.name)) return { ...base, status: 'ignored', detail: 'SystemNetworkPolicy not migrated (migrate --include-snp migrates it)' };
      return { ...base, status: 'missing', detail: 'no CR for this object' };
    case 'conflict': {
      const evolved = e.diffs && e.existing ? evolvedByCalico(e.diffs, e.existing) : undefined;
      if (evolved) return { ...base, status: 'match', detail: evolved };
      return { ...base, status: 'differs', detail: e.detail, ...(e.diffs ? { diffs: e.diffs } : {}) };
    }
    case 'skip-invalid':
      return { ...base, status: 'invalid', detail: `the source cannot be migrated: ${e.detail}` };
    case 'ignored':
    case 'overwrite':
      return { ...base, status: 'ignored', detail: e.detail };
  }
}

// calico/node v2.5 rewrites two records at start-up (docs/calico-data.md#v24-keys): CalicoVersion becomes its own version and
// ClusterType is re-merged. Those changes are Calico's, not a failed copy.
function evolvedByCalico(diffs: FieldDiff[], existing: KubeObject): string | undefined {
  if (existing.kind !== 'GlobalFelixConfig' || diffs.some((d) => d.path !== 'spec.value')) return undefined;
  const spec = isJsonObject(existing.spec) ? existing.spec : {};
  const [diff] = diffs;
  if (!diff || typeof diff.expected !== 'string' || typeof diff.actual !== 'string') return undefined;
  if (spec.name === 'CalicoVersion') return `value ${diff.actual} written by calico/node (was ${diff.expected})`;
  if (spec.name === 'ClusterType') {
    const have = new Set(diff.actual.split(','));
    if (diff.expected.split(',').every((t) => have.has(t))) return `value ${diff.actual} re-merged by calico/node (was ${diff.expected})`;
  }
  return undefined;
}

function withReadability(e: VerifyEntry, crsByName: ReadonlyMap<string, KubeObject>): VerifyEntry {
  if (e.status !== 'match' || e.kind === 'NodePeer') return e;
  const obj = crsByName.get(`${e.kind}/${e.name}`);
  const read = obj ? readAsCalicoV25(obj) : { ok: false as const, reason: 'not found' };
  return read.ok ? e : { ...e, status: 'invalid', detail: `Calico v2.5 cannot read it: ${read.reason}` };
}

/** Node-scoped peers: every source peer must be on the live Node under its v2.5 key (IPv6 keys changed, docs/calico-data.md#names). */
export function verifyNodePeers(sourceNodes: VerifyInput['sourceNodes'], liveNodes: VerifyInput['liveNodes']): VerifyEntry[] {
  const live = new Map(liveNodes.map((n) => [n.node, n.annotations]));
  const entries: VerifyEntry[] = [];
  for (const { node, annotations } of sourceNodes) {
    const seen = new Set<string>(); // after migrate a Node holds both keys of an IPv6 peer: check the peer once
    for (const read of readNodePeers(annotations)) {
      const source = { kind: 'NodeAnnotation' as const, namespace: '', name: `${node}/${read.ok ? read.peer.key : read.key}` };
      if (!read.ok) {
        entries.push({ kind: 'NodePeer', name: `${node}/${read.key}`, source, status: 'invalid', detail: read.reason });
        continue;
      }
      const key = isIPv4(read.peer.ip) ? read.peer.key : NODE_PEER_ANNOTATION_PREFIX + ipToResourceNameV16(read.peer.ip);
      if (seen.has(key)) continue;
      seen.add(key);
      const current = live.get(node)?.[key];
      const peers = current === undefined ? [] : readNodePeers({ [key]: current });
      const same = peers[0]?.ok && peers[0].peer.peerIP === read.peer.peerIP && peers[0].peer.asNumber === read.peer.asNumber;
      entries.push({
        kind: 'NodePeer', name: `${node}/${key}`, source,
        status: current === undefined ? 'missing' : same ? 'match' : 'differs',
        detail: current === undefined ? (live.has(node) ? 'annotation absent on the Node' : 'Node not found') : same ? '' : `annotation holds ${current}`,
      });
    }
  }
  return entries;
}
