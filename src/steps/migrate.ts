// `migrate`: copy Calico's TPR data to CRDs exactly as Calico v2.5 expects it. Read everything once (one LIST per
// kind), decide in the pure domain, then write only what differs. TPR data is never modified.
import { RefusedError } from '../errors.js';
import { planNodePeerAnnotations } from '../calico/node-peers.js';
import { planMigration } from '../calico/plan.js';
import type { CrdKind, KubeObject } from '../calico/types.js';
import { discoverCalicoCrds, readAllCustomResources } from '../cluster/crds.js';
import type { Report } from '../report/report.js';
import { VERSION } from '../version.js';
import { applyNodeAnnotations, applyPlan, FirstFailure, planOnly, type NodeAnnotationWrite } from './apply-plan.js';
import { ensureCrds, inspectCrds } from './ensure-crds.js';
import { dryRunList, dryRunListLine } from './dry-run-list.js';
import { diffSummaryLine, overwriteDiffs } from './dry-run-diff.js';
import { markChangedSources } from './source-drift.js';
import { migrateReport, type MigrateData } from './migrate-report.js';
import { readSourceObjects } from './source.js';
import { assertCalicoInNamespace } from './guards.js';
import { findCalicoDaemonSets } from '../cluster/daemonset.js';
import { readNodeAnnotations } from '../cluster/nodes.js';
import { mapInSlices } from '../kube/limiter.js';
import type { StepContext } from './context.js';

export interface MigrateOptions {
  dryRun: boolean;
  overwrite: boolean;
  includeSnp: boolean;
  /** Take the source from this backup directory instead of the live TPRs. */
  backup?: string;
  /** How long new CRDs may take to become Established. */
  establishTimeoutMs: number;
  /**
   * What a dry-run prints: the plan (the default), the objects it would send (a List, for -o json|yaml), or a diff of
   * the existing CRs --overwrite would replace.
   */
  dryRunShows?: 'plan' | 'objects' | 'diff';
}

/** migrate's --establish-timeout default, and what run and restore use. */
export const ESTABLISH_TIMEOUT_MS = 60_000;

export async function migrate(options: MigrateOptions, ctx: StepContext): Promise<Report<MigrateData>> {
  const conn = await ctx.connect();
  const { client, namespace } = conn;
  const { dryRun, establishTimeoutMs } = options;

  ctx.progress.update('reading TPR data and CRDs…', true);
  // The source, the CRDs and who runs calico/node are read side by side; a failure to read the source is reported first.
  const sourceObjects = readSourceObjects(conn, options.backup, { apply: (w) => ctx.warning(w) }); // migrate --backup writes the backup's data back
  const crdsRead = discoverCalicoCrds(client)
    .then(async ({ version, crds }) => ({ version, crds, crs: await readAllCustomResources(client, [...crds.keys()]) }));
  const daemonSets = findCalicoDaemonSets(client);
  for (const pending of [sourceObjects, crdsRead, daemonSets]) pending.catch(() => undefined); // awaited below
  const source = await sourceObjects;
  // -n must name a Calico installation (a backup's data does not count): else the CRDs would go to a cluster without Calico.
  await assertCalicoInNamespace(client, namespace, await daemonSets, source.origin === 'live' ? source.objects : undefined);
  const { version, crds: existingCrds, crs } = await crdsRead;
  if (!version) {
    throw new RefusedError('this cluster serves no CustomResourceDefinition API (Kubernetes 1.6 or older)', 'Upgrade Kubernetes to 1.7 first: Calico v2.5 needs CRDs.');
  }
  const crdPlan = inspectCrds(existingCrds);
  const existing = Object.fromEntries(crs) as Partial<Record<CrdKind, KubeObject[]>>;

  // Everything is read: the CRDs are created and become Established while the plan is computed (neither needs the
  // other). A dry-run writes nothing.
  const before = client.stats.writes;
  if (!dryRun) ctx.progress.update('creating CRDs and waiting until they are Established…', true);
  const crdsReady = dryRun ? undefined : ensureCrds(client, version, crdPlan, establishTimeoutMs);
  crdsReady?.catch(() => undefined); // awaited below
  await new Promise((resolve) => setImmediate(resolve)); // the CRD requests go out before the CPU-bound planning
  const planOptions = { includeSnp: options.includeSnp, overwrite: options.overwrite, calicoNamespace: namespace, toolVersion: VERSION };
  const plan = planMigration({ sources: source.objects, existing, options: planOptions });
  // Node annotations only when their Nodes are live (a backup's resourceVersions belong to another time). The Node
  // list is by far the biggest read (~16 MB for 5,000 Nodes) and only node-scoped peers need it, so a migration asks
  // for it once CR writes are under way: its transfer and decoding overlap them instead of delaying the first one.
  // Planned 250 Nodes at a time: thousands in one go would stall every write in flight while they are planned.
  const planNodeWrites = async (): Promise<NodeAnnotationWrite[]> => (await mapInSlices(options.backup ? [] : await readNodeAnnotations(client), 250,
    (n) => ({ node: n.node, resourceVersion: n.resourceVersion, add: planNodePeerAnnotations(n.annotations).add })))
    .filter((n) => Object.keys(n.add).length > 0);

  const snps = { namespace: conn.namespace, includeSnp: ctx.next.plugin('migrate', '--include-snp', ...(options.backup ? ['--backup', options.backup] : [])) };
  if (dryRun) {
    const nodeWrites = await planNodeWrites();
    const report = migrateReport({
      dryRun, origin: source.origin, crds: crdPlan, entries: planOnly(plan),
      nodes: nodeWrites.map((n) => ({ ...n, result: 'planned' as const })),
      writes: 0, snps,
    });
    // The same dry-run, shown another way (the flags that change the plan kept).
    const sameDryRun = (...more: string[]): string => ctx.next.plugin('migrate', '--dry-run', ...(options.overwrite ? ['--overwrite'] : []),
      ...(options.includeSnp ? ['--include-snp'] : []), ...(options.backup ? ['--backup', options.backup] : []), ...more);
    if (options.dryRunShows === 'objects') {
      const list = dryRunList(version, crdPlan, plan, nodeWrites);
      ctx.warn(dryRunListLine(list, crdPlan, plan, nodeWrites, sameDryRun()));
      return { ...report, objects: list };
    }
    if (options.dryRunShows === 'diff') {
      // What --overwrite would send is what the --overwrite plan holds; the exit code stays this run's own.
      const overwritePlan = options.overwrite ? plan : planMigration({ sources: source.objects, existing, options: { ...planOptions, overwrite: true } });
      const lines = overwriteDiffs(overwritePlan);
      const replaced = overwritePlan.filter((e) => e.action === 'overwrite').length;
      ctx.warn(diffSummaryLine(replaced, plan.filter((e) => e.action === 'create').length, nodeWrites.length, sameDryRun('-o', 'yaml')));
      return { ...report, tables: [], lines };
    }
    return report;
  }

  const crdStates = await crdsReady!;
  // CRs and Node annotations are independent writes: they share the client's concurrency bound and overlap. The first
  // failure in either (the Node list included) stops both, and is raised only once nothing is being written any more.
  const failure = new FirstFailure();
  const [written, nodes] = await failure.settle([
    applyPlan(client, plan, ctx.concurrency, ctx.progress, failure),
    planNodeWrites().then((writes) => applyNodeAnnotations(client, writes, ctx.concurrency, failure)),
  ]);
  const applied = source.origin === 'live' ? await markChangedSources(client, source.objects, written) : written;
  // What was copied from a backup is checked against that backup.
  const next = ctx.next.plugin('verify', ...(options.backup ? ['--backup', options.backup] : []));
  return migrateReport({ dryRun, origin: source.origin, crds: crdStates, entries: applied, nodes, writes: client.stats.writes - before, next, snps });
}
