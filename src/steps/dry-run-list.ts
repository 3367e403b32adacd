// What `migrate --dry-run -o json|yaml` prints: every body migrate would send, built by the functions that build them
// for a real run (ensure-crds, apply-plan, cluster/nodes), as a `kind: List` like `kubectl create --dry-run=client -o
// yaml` prints. What would be left alone is not an item; one line on stderr counts it.
import type { PlanEntry } from '../calico/plan.js';
import type { CrdApiVersion } from '../cluster/crds.js';
import { nodeAnnotationsPatch } from '../cluster/nodes.js';
import { crWrite, type NodeAnnotationWrite } from './apply-plan.js';
import { crdsToCreate, type CrdState } from './ensure-crds.js';

export interface KubeList { apiVersion: 'v1'; items: unknown[]; kind: 'List'; metadata: { resourceVersion: '' } }

/** The CRDs to create, then the CRs to create or replace (in plan order), then the Node patches. */
export function dryRunList(version: CrdApiVersion, crds: CrdState[], entries: PlanEntry[], nodes: NodeAnnotationWrite[]): KubeList {
  const items = [
    ...crdsToCreate(version, crds),
    ...entries.flatMap((e) => crWrite(e)?.body ?? []),
    ...nodes.map(nodePatchItem),
  ];
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

/** A Node's merge patch as sent, with apiVersion, kind and metadata.name added so that the item names its Node. */
function nodePatchItem(write: NodeAnnotationWrite): Record<string, unknown> {
  const patch = nodeAnnotationsPatch(write.resourceVersion, write.add);
  return { apiVersion: 'v1', kind: 'Node', ...patch, metadata: { name: write.node, ...patch.metadata } };
}

/** The stderr line under the List: what it holds, and how much was left out and why. */
export function dryRunListLine(list: KubeList, crds: CrdState[], entries: PlanEntry[], nodes: NodeAnnotationWrite[], planCommand: string): string {
  const count = (action: PlanEntry['action']): number => entries.filter((e) => e.action === action).length;
  const creates = crds.filter((c) => c.action === 'create').length;
  const held = `${counted(list.items.length, 'object')} (${counted(creates, 'CRD')}, ${count('create')} to create, ${count('overwrite')} to replace, ${counted(nodes.length, 'Node patch', 'Node patches')})`;
  const left = [
    [count('unchanged'), 'unchanged'],
    [count('conflict'), 'in conflict'],
    [count('skip-invalid'), 'skipped (invalid)'],
    [count('ignored'), 'ignored (in other namespaces, or SNPs without --include-snp)'],
    [crds.length - creates, 'CRDs that exist'],
  ].filter(([n]) => n !== 0).map(([n, why]) => `${n} ${why}`);
  const leftOut = left.length ? `; left out: ${left.join(', ')}; ${planCommand} gives the reason for each` : '';
  return `dry run, nothing was written: the List holds what migrate would send, ${held}${leftOut}`;
}

const counted = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
