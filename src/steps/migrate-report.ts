// The migrate Report: one row per object (kind, source → target, result, detail), a summary per kind, the CRDs and
// node annotations touched, and the stable JSON shape behind -o json|yaml.
import { snpsLeftOut } from '../calico/verdict.js';
import { CALICO_KINDS, crdObjectName, crObjectName, nodeObjectName } from '../calico/kinds.js';
import { cell, line, nextLines, type Report, type Tone } from '../report/report.js';
import type { AppliedEntry, ApplyResult, NodeAnnotationResult } from './apply-plan.js';
import type { CrdState } from './ensure-crds.js';

export interface MigrateData {
  dryRun: boolean;
  source: 'live' | 'backup';
  crds: CrdState[];
  objects: Array<{
    kind: string; source: { namespace: string; name: string }; target?: { kind: string; name: string };
    action: string; result: ApplyResult; detail: string; notes: string[]; warnings: string[];
    diffs?: Array<{ path: string; expected: unknown; actual: unknown }>;
  }>;
  nodeAnnotations: Array<{ node: string; added: string[]; result: string; detail?: string }>;
  summary: Record<string, Record<ApplyResult, number>>;
  /** SystemNetworkPolicies of the Calico namespace left out (no --include-snp): they stay only in their TPR. */
  snpsNotMigrated: number;
  writes: number;
}

const RESULTS: ApplyResult[] = ['created', 'overwritten', 'unchanged', 'conflict', 'skipped', 'ignored', 'planned'];

const TONE: Record<ApplyResult, Tone> = {
  created: 'ok', overwritten: 'warn', unchanged: 'ok', conflict: 'fail', skipped: 'fail', ignored: 'info', planned: 'info',
};

export function migrateReport(input: {
  dryRun: boolean; origin: 'live' | 'backup'; crds: CrdState[]; entries: AppliedEntry[]; nodes: NodeAnnotationResult[]; writes: number;
  /** The command to run after a migration that copied everything (verify). */
  next?: string;
  /** Where Calico keeps its data, and the command that migrates SystemNetworkPolicies too (for those left out). */
  snps?: { namespace: string; includeSnp: string };
}): Report<MigrateData> {
  const { dryRun, entries, nodes } = input;
  const label = (e: AppliedEntry): string => (dryRun && e.result === 'planned' ? (e.action === 'create' ? 'would create' : 'would overwrite') : e.result);
  const summary = Object.fromEntries(CALICO_KINDS.map((k) => [k.tpr.kind, Object.fromEntries(RESULTS.map((r) => [r, 0]))])) as MigrateData['summary'];
  for (const e of entries) (summary[e.kind] as Record<ApplyResult, number>)[e.result]++;

  const attention = entries.some((e) => e.result === 'conflict' || e.result === 'skipped') || nodes.some((n) => n.result === 'conflict');
  const count = (r: ApplyResult): number => entries.filter((e) => e.result === r).length;
  const lines = [];
  if (dryRun) {
    const creates = entries.filter((e) => e.action === 'create').length;
    const crdCreates = input.crds.filter((c) => c.action === 'create').length;
    lines.push(line(`Dry run: nothing was written. Would create ${crdCreates} CRDs and ${creates} objects, overwrite ${entries.filter((e) => e.action === 'overwrite').length}, add ${nodes.reduce((n, w) => n + Object.keys(w.add).length, 0)} node annotations.`, 'info'));
  } else {
    lines.push(line(`Migrated: ${count('created')} created, ${count('overwritten')} overwritten, ${count('unchanged')} unchanged, ${count('conflict')} conflicts, ${count('skipped')} skipped, ${count('ignored')} ignored (${input.writes} write requests).`, attention ? 'warn' : 'ok'));
  }
  const snpsOut = input.snps ? entries.filter((e) => e.kind === 'SystemNetworkPolicy' && e.result === 'ignored' && e.source.namespace === input.snps!.namespace).length : 0;
  if (snpsOut) lines.push(line(snpsLeftOut(snpsOut, input.snps!.includeSnp), 'warn'));
  if (attention) lines.push(line('Some objects were not migrated: see the conflict and skipped rows (-o wide shows every field difference). TPR data was not modified.', 'warn'));
  else if (!dryRun && input.next) lines.push(...nextLines([input.next]));

  // kubectl apply -o name prints every object applied, unchanged ones too; what was left alone is not applied.
  const names = [
    ...input.crds.filter((c) => c.action !== 'exists').map((c) => crdObjectName(c.name)),
    ...entries.filter((e) => e.target && (e.result === 'created' || e.result === 'overwritten' || e.result === 'unchanged' || e.result === 'planned')).map((e) => crObjectName(e.target!.kind, e.target!.name)),
    ...nodes.filter((n) => n.result === 'patched' || n.result === 'planned').map((n) => nodeObjectName(n.node)),
  ];
  return {
    verb: 'migrate',
    names,
    outcome: attention ? 'negative' : 'ok',
    tables: [
      {
        columns: [{ key: 'crd', header: 'CRD' }, { key: 'action', header: 'ACTION' }, { key: 'established', header: 'ESTABLISHED' }],
        rows: input.crds.map((c) => ({
          crd: c.name,
          action: dryRun && c.action === 'create' ? cell('would create', 'info') : cell(c.action, c.action === 'created' ? 'ok' : 'plain'),
          established: c.established ? cell('True', 'ok') : cell(dryRun ? 'n/a' : 'False', dryRun ? 'plain' : 'fail'),
        })),
      },
      {
        columns: [
          { key: 'kind', header: 'KIND' }, { key: 'source', header: 'SOURCE' }, { key: 'target', header: 'TARGET' },
          { key: 'result', header: 'RESULT' }, { key: 'detail', header: 'DETAIL' }, { key: 'notes', header: 'NOTES', wide: true },
        ],
        summarize: 'result',
        rows: entries.map((e) => ({
          kind: e.kind,
          source: `${e.source.namespace}/${e.source.name}`,
          target: e.target ? `${e.target.kind}/${e.target.name}` : undefined,
          result: cell(label(e), TONE[e.result]),
          detail: e.resultDetail ?? (e.result === 'created' || e.result === 'unchanged' || e.result === 'planned' ? '' : e.detail),
          notes: [...e.notes, ...e.warnings, ...(e.diffs ?? []).map((d) => `${d.path}: want ${JSON.stringify(d.expected)}, found ${JSON.stringify(d.actual)}`)].join('; '),
        })),
      },
      {
        columns: [{ key: 'node', header: 'NODE' }, { key: 'added', header: 'ANNOTATIONS ADDED (v2.5 keys of IPv6 peers)' }, { key: 'result', header: 'RESULT' }],
        summarize: 'result',
        rows: nodes.map((n) => ({ node: n.node, added: Object.keys(n.add).join(', '), result: cell(dryRun ? 'would add' : n.result, n.result === 'conflict' ? 'fail' : 'ok') })),
      },
      {
        title: 'Summary:',
        columns: [{ key: 'kind', header: 'KIND' }, ...RESULTS.filter((r) => r !== 'planned' || dryRun).map((r) => ({ key: r, header: r.toUpperCase() }))],
        rows: CALICO_KINDS.map((k) => ({ kind: k.tpr.kind, ...summary[k.tpr.kind] })),
      },
    ],
    lines,
    data: {
      dryRun,
      source: input.origin,
      crds: input.crds,
      objects: entries.map((e) => ({
        kind: e.kind, source: e.source, ...(e.target ? { target: e.target } : {}), action: e.action, result: e.result,
        detail: e.resultDetail ?? e.detail, notes: e.notes, warnings: e.warnings, ...(e.diffs ? { diffs: e.diffs } : {}),
      })),
      nodeAnnotations: nodes.map((n) => ({ node: n.node, added: Object.keys(n.add), result: n.result, ...(n.detail ? { detail: n.detail } : {}) })),
      summary,
      snpsNotMigrated: snpsOut,
      writes: input.writes,
    },
  };
}
