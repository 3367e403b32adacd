// `verify`: compare the source (live TPRs, or a verified backup) with the CRDs as Calico v2.5 reads them.
import { RefusedError } from '../errors.js';
import { CRD_KINDS } from '../calico/kinds.js';
import { isDifference, verifyMigration, type VerifyEntry, type VerifyStatus } from '../calico/verify.js';
import { discoverCalicoCrds, readAllCustomResources } from '../cluster/crds.js';
import { readNodeAnnotations } from '../cluster/nodes.js';
import { cell, line, type Report, type Tone } from '../report/report.js';
import { readSource } from './source.js';
import type { StepContext } from './context.js';

export interface VerifyData {
  source: 'live' | 'backup';
  objects: VerifyEntry[];
  summary: Record<VerifyStatus, number>;
}

const TONE: Record<VerifyStatus, Tone> = { match: 'ok', missing: 'fail', differs: 'fail', extra: 'warn', invalid: 'fail', ignored: 'info' };
const STATUSES: VerifyStatus[] = ['match', 'missing', 'differs', 'extra', 'invalid', 'ignored'];

export interface VerifyOptions { backup?: string }

export async function verify(options: VerifyOptions, ctx: StepContext): Promise<Report<VerifyData>> {
  const conn = await ctx.connect();
  const { client, namespace } = conn;
  ctx.progress.update('reading the source and the CRDs…', true);
  // The source, the CRDs and their objects are read side by side; a failure to read the source is reported first.
  const sourceRead = readSource(conn, options.backup);
  const liveNodesRead = options.backup ? readNodeAnnotations(client) : Promise.resolve(undefined);
  const crdsRead = discoverCalicoCrds(client)
    .then(async ({ version, crds }) => ({ version, crs: await readAllCustomResources(client, CRD_KINDS.filter((k) => crds.has(k))) }));
  for (const pending of [sourceRead, liveNodesRead, crdsRead]) pending.catch(() => undefined); // awaited below
  const [source, liveNodes] = await Promise.all([sourceRead, liveNodesRead]);
  const { version, crs: crsRead } = await crdsRead;
  if (!version) {
    throw new RefusedError('this cluster serves no CustomResourceDefinition API (Kubernetes 1.6 or older): there is nothing to verify against',
      'Calico v2.5 needs CRDs: upgrade Kubernetes to 1.7, migrate, then verify.');
  }
  const crs = Object.fromEntries(crsRead);
  const entries = verifyMigration({
    sources: source.objects,
    crs,
    sourceNodes: source.nodes,
    liveNodes: liveNodes ?? source.nodes,
    calicoNamespace: namespace,
  });
  return verifyReport(source.origin, entries, { migrate: ctx.next.plugin('migrate'), verifyBackup: source.tprsGone && ctx.next.plugin('verify', '--backup', 'DIR') });
}

/** `next.migrate` copies what differs; `next.verifyBackup`, when the TPRs are gone, compares against a backup instead. */
export function verifyReport(origin: 'live' | 'backup', entries: VerifyEntry[], next: { migrate: string; verifyBackup?: string | false }): Report<VerifyData> {
  const { verifyBackup } = next;
  const summary = Object.fromEntries(STATUSES.map((s) => [s, entries.filter((e) => e.status === s).length])) as Record<VerifyStatus, number>;
  const differences = entries.filter((e) => isDifference(e.status)).length;
  return {
    verb: 'verify',
    outcome: differences ? 'negative' : 'ok',
    tables: [{
      columns: [
        { key: 'kind', header: 'KIND' }, { key: 'name', header: 'NAME' }, { key: 'source', header: 'SOURCE' },
        { key: 'status', header: 'STATUS' }, { key: 'detail', header: 'DETAIL' }, { key: 'diffs', header: 'DIFFERENCES', wide: true },
      ],
      summarize: 'status',
      rows: entries.map((e) => ({
        kind: e.kind,
        name: e.name,
        source: e.source ? `${e.source.kind} ${e.source.namespace ? `${e.source.namespace}/` : ''}${e.source.name}` : undefined,
        status: cell(e.status, TONE[e.status]),
        detail: e.detail,
        diffs: (e.diffs ?? []).map((d) => `${d.path}: want ${JSON.stringify(d.expected)}, found ${JSON.stringify(d.actual)}`).join('; '),
      })),
    }],
    lines: [
      line(`${summary.match} match, ${summary.missing} missing, ${summary.differs} differ, ${summary.extra} extra, ${summary.invalid} invalid, ${summary.ignored} ignored (source: ${origin === 'backup' ? 'backup' : 'live TPRs'}).`,
        differences ? 'fail' : 'ok'),
      // With the TPRs gone every CR is "extra": migrate has nothing to copy, and the backup is the source to compare with.
      ...(differences && verifyBackup ? [line(`Calico's ThirdPartyResources are gone (cleanup has run): there is no live source to compare the CRDs with. Verify against the backup cleanup used: ${verifyBackup}`, 'warn')]
        : differences ? [line(`Differences found: run "${next.migrate}" (with --overwrite to replace differing objects), then verify again.`, 'warn')] : []),
    ],
    data: { source: origin, objects: entries, summary },
  };
}
