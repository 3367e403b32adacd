// cleanup's guards, run before the prompt and again after it: -n names a Calico installation; the backup holds every
// live TPR object of every namespace; the CRDs match the backup as Calico v2.5 reads them; calico/node runs v2.5 or
// later in every DaemonSet template and pod of the cluster (--force skips only this one). Their answer also says which
// TPRs go, and which superseded node-peer keys go after them. Nothing here writes.
import { RefusedError } from '../errors.js';
import { liveObjectsNotInBackup } from '../calico/backup-match.js';
import { belowV25, describeAllAtLeastV25, describeSightings, type CalicoNodeRun } from '../calico/guards.js';
import { CALICO_KINDS, CRD_KINDS, kindByTpr } from '../calico/kinds.js';
import type { CrdKind, KubeObject, TprKind, TprObject } from '../calico/types.js';
import { peerKeyLabel, planSupersededKeyRemoval } from '../calico/superseded-peer-keys.js';
import { isDifference, verifyMigration } from '../calico/verify.js';
import { snpsLeftOut } from '../calico/verdict.js';
import type { BackupContent } from '../backup/format.js';
import { readCalicoNodes } from '../cluster/calico-nodes.js';
import { discoverCalicoCrds, readAllCustomResources } from '../cluster/crds.js';
import { readNodeAnnotations } from '../cluster/nodes.js';
import { readTprSource } from '../cluster/tprs.js';
import type { KubeClient } from '../kube/client.js';
import type { NextCommands } from './context.js';
import { assertCalicoInNamespace } from './guards.js';
import { listSome } from '../calico/list-some.js';

export interface Guard { guard: string; status: 'ok' | 'skipped' | 'forced'; detail: string }

export interface CleanupPlan {
  guards: Guard[];
  /** TPR definitions to delete, in CALICO_KINDS order. */
  toDelete: string[];
  kept: Array<{ name: string; reason: string }>;
  alreadyGone: string[];
  /** The superseded TPR-era IPv6 node-peer keys that go once the TPRs are gone, as `node/key`. */
  peerKeys: string[];
}

type LiveCrs = Partial<Record<CrdKind, KubeObject[]>>;

/** Every guard, read afresh; undefined when no Calico TPR is left (nothing to guard). Throws RefusedError on the first that fails. */
/** `next` words the commands the refusals and the kept SNP TPR suggest, with the user's connection flags. */
export async function checkCleanupGuards(client: KubeClient, namespace: string, backup: BackupContent, backupDir: string, force: boolean, next: NextCommands): Promise<CleanupPlan | undefined> {
  // Everything is read side by side: the TPRs, the CRs (for both the verify guard and the SNP decision), the Nodes, calico/node.
  const crsRead: Promise<LiveCrs> = discoverCalicoCrds(client)
    .then(async ({ crds }) => Object.fromEntries(await readAllCustomResources(client, CRD_KINDS.filter((k) => crds.has(k)))));
  const nodesRead = readNodeAnnotations(client);
  const runsRead = readCalicoNodes(client);
  for (const pending of [crsRead, nodesRead, runsRead]) pending.catch(() => undefined); // awaited below
  const tpr = await readTprSource(client);
  if (!tpr || tpr.definitions.length === 0) return undefined;
  const { definitions, objects: live } = tpr;
  const runs = await runsRead;
  await assertCalicoInNamespace(client, namespace, runs, live);

  const guards: Guard[] = [];
  const mismatches = liveObjectsNotInBackup(live, backup.objects);
  if (mismatches.length) {
    throw new RefusedError(`the backup does not hold the live TPR data: ${listSome(mismatches.map((m) => `${m.kind} ${m.namespace}/${m.name} (${m.problem})`))}`,
      `Take a fresh backup (${next.plugin('backup', '-d', 'DIR')}), migrate and verify again, then clean up with the new backup.`);
  }
  guards.push({ guard: 'backup', status: 'ok', detail: `${backupDir} verifies and holds all live TPR data` });

  const [crs, liveNodes] = await Promise.all([crsRead, nodesRead]);
  const verifyProblems = verifyMigration({ sources: backup.objects, crs, sourceNodes: backup.nodes, liveNodes, calicoNamespace: namespace })
    .filter((e) => isDifference(e.status)).map((e) => `${e.kind} ${e.name} ${e.status}`);
  if (verifyProblems.length) {
    throw new RefusedError(`verify does not pass: ${listSome(verifyProblems)}`,
      `Run "${next.plugin('migrate')}" and "${next.plugin('verify', '--backup', backupDir)}" until it passes.`);
  }
  guards.push({ guard: 'verify', status: 'ok', detail: 'every object is in the CRDs as Calico v2.5 reads it' });
  guards.push(calicoNodeGuard(runs, force));

  // The SNP TPR goes only when its policies were migrated to GlobalNetworkPolicies (the official job kept it).
  const snpTpr = kindByTpr('SystemNetworkPolicy').tpr.name;
  const snps = live.SystemNetworkPolicy.filter((o) => (o.metadata.namespace ?? namespace) === namespace).length;
  const snpsMigrated = snps === 0 || snpsAllMigrated(crs, backup, namespace);
  const kept = snpsMigrated ? [] : [{ name: snpTpr, reason: `${snpsLeftOut(snps, next.plugin('migrate', '--include-snp'))}, then cleanup again` }];
  const present = new Set(definitions.map((d) => d.metadata.name));
  const toDelete = CALICO_KINDS.map((k) => k.tpr.name).filter((n) => present.has(n) && !kept.some((k) => k.name === n));
  const alreadyGone = CALICO_KINDS.map((k) => k.tpr.name).filter((n) => !present.has(n));
  const peerKeys = planSupersededKeyRemoval(liveNodes, backup.nodes).flatMap((n) => n.keys.map((k) => peerKeyLabel(n.node, k)));
  return { guards, toDelete, kept, alreadyGone, peerKeys };
}

/**
 * The objects of one TPR kind (just listed again, every namespace) that are in neither the backup nor the CRDs:
 * deleting the TPR now would lose them. `crsOfKind` is read only when some object is not in the backup.
 */
export async function objectsInNeither(kind: TprKind, live: readonly TprObject[], backup: BackupContent, namespace: string, crsOfKind: () => Promise<KubeObject[]>): Promise<string[]> {
  const notInBackup = liveObjectsNotInBackup({ [kind]: live }, backup.objects);
  if (notInBackup.length === 0) return [];
  const missing = new Set(notInBackup.map((m) => `${m.namespace}/${m.name}`));
  const sources = live.filter((o) => missing.has(`${o.metadata.namespace ?? ''}/${o.metadata.name}`));
  const crdKind = kindByTpr(kind).crd.kind;
  const entries = verifyMigration({ sources: { [kind]: sources }, crs: { [crdKind]: await crsOfKind() }, sourceNodes: [], liveNodes: [], calicoNamespace: namespace });
  const copied = new Set(entries.filter((e) => e.status === 'match' && e.source).map((e) => `${e.source!.namespace}/${e.source!.name}`));
  return sources.filter((o) => !copied.has(`${o.metadata.namespace ?? ''}/${o.metadata.name}`))
    .map((o) => `${kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`);
}

function snpsAllMigrated(crs: LiveCrs, backup: BackupContent, namespace: string): boolean {
  return verifyMigration({ sources: { SystemNetworkPolicy: backup.objects.SystemNetworkPolicy }, crs: { GlobalNetworkPolicy: crs.GlobalNetworkPolicy }, sourceNodes: [], liveNodes: [], calicoNamespace: namespace })
    .every((e) => e.status === 'match' || (e.status === 'ignored' && e.source?.namespace !== namespace));
}

/** calico/node v2.5+ in every DaemonSet template and every pod of the cluster: v2.4 still needs the TPRs. */
function calicoNodeGuard(runs: readonly CalicoNodeRun[], force: boolean): Guard {
  const problem = notAllV25(runs);
  if (!problem) return { guard: 'calico/node', status: 'ok', detail: describeAllAtLeastV25(runs) };
  if (force) return { guard: 'calico/node', status: 'forced', detail: `--force: ${problem}` };
  throw new RefusedError(`calico/node does not run v2.5 or later yet: ${problem}`,
    'Calico v2.4 still reads the TPRs: upgrade calico/node to v2.5 first (every DaemonSet, and check its pods are Ready), or pass --force to skip this check.');
}

/** Why calico/node may still read the TPRs (no calico/node at all, or one below v2.5); undefined when all run v2.5+. */
export function notAllV25(runs: readonly CalicoNodeRun[]): string | undefined {
  const old = belowV25(runs);
  return runs.length === 0 ? 'no DaemonSet in any namespace runs calico/node' : old.length ? describeSightings(old) : undefined;
}

