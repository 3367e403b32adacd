// The bench's verdict: the table (verb, requests, writes, concurrency, median wall, floor, ours÷floor, peak RSS and per
// object), the ratios the issue sets targets for, and the JSON written for tracking.
import type { BenchResult, Row } from './run.js';
import { bigObjects, type ScenarioSize } from './scenario.js';

export interface Check { name: string; value: number | null; target: string; ok: boolean | null }

const byId = (rows: Row[], id: string): Row | undefined => rows.find((r) => r.id === id);
const ratio = (a: number | undefined, b: number | undefined): number | null =>
  (a === undefined || b === undefined || b === 0 ? null : Math.round((a / b) * 100) / 100);

export function checks(r: BenchResult): Check[] {
  const row = (id: string) => byId(r.rows, id);
  const fresh = row('migrate-fresh');
  const out: Check[] = [];
  const add = (name: string, value: number | null, target: string, pass: (v: number) => boolean): void => {
    out.push({ name, value, target, ok: value === null ? null : pass(value) });
  };
  add('migrate (fresh) ÷ floor', ratio(fresh?.wallMs, fresh?.floorMs), '≤ 1.25', (v) => v <= 1.25);
  add('migrate --concurrency 1 ÷ migrate', ratio(row('migrate-fresh@1')?.wallMs, fresh?.wallMs), '≥ 10', (v) => v >= 10);
  add('kubectl apply ÷ migrate', ratio(row('kubectl-apply')?.wallMs, fresh?.wallMs), '≥ 10', (v) => v >= 10);
  add('migrate (re-run) writes', row('migrate-rerun')?.writes ?? null, '= 0', (v) => v === 0);
  add('migrate (re-run) ÷ LISTs alone', ratio(row('migrate-rerun')?.wallMs, row('lists-only')?.wallMs), '≤ 2', (v) => v <= 2);
  add('backup ÷ kubectl get ×4', ratio(row('backup')?.wallMs, row('kubectl-backup')?.wallMs), '≤ 1', (v) => v <= 1);
  const ours = r.rows.filter((x) => !x.id.startsWith('kubectl') && x.id !== 'lists-only');
  const rss = ours.flatMap((x) => (x.rssMb === null ? [] : [x.rssMb]));
  add('peak RSS of any verb (MB)', rss.length ? Math.max(...rss) : null, '< 250', (v) => v < 250);
  if (r.far) {
    const f = byId(r.far.rows, 'migrate-fresh');
    add(`at ${r.far.latencyMs} ms: migrate (fresh) ÷ floor`, ratio(f?.wallMs, f?.floorMs), '≤ 1.25', (v) => v <= 1.25);
    add(`at ${r.far.latencyMs} ms: migrate (re-run) writes`, byId(r.far.rows, 'migrate-rerun')?.writes ?? null, '= 0', (v) => v === 0);
  }
  if (r.scale) {
    const k = r.scale.factor;
    const f = byId(r.scale.rows, 'migrate-fresh');
    add(`at ${k}×: migrate (fresh) ÷ floor`, ratio(f?.wallMs, f?.floorMs), '≤ 1.25', (v) => v <= 1.25);
    add(`at ${k}×: migrate (re-run) writes`, byId(r.scale.rows, 'migrate-rerun')?.writes ?? null, '= 0', (v) => v === 0);
    const big = r.scale.rows.flatMap((x) => (x.rssMb === null ? [] : [x.rssMb]));
    add(`at ${k}×: peak RSS of any verb (MB)`, big.length ? Math.max(...big) : null, '< 300', (v) => v < 300);
    for (const x of r.scale.rows) {
      add(`${x.label}: RSS at ${k}× ÷ default`, ratio(x.rssMb ?? undefined, byId(r.rows, x.id)?.rssMb ?? undefined), `≤ ${k} (linear)`, (v) => v <= k);
    }
  }
  return out;
}

/** Peak RSS in bytes per Node or global peer; with `base`, the extra bytes per extra object over the base scenario's row. */
export function bytesPerObject(row: Row, size: ScenarioSize, base?: { row?: Row; size: ScenarioSize }): number | null {
  if (row.rssMb === null) return null;
  if (!base) return Math.round((row.rssMb * 2 ** 20) / bigObjects(size));
  if (base.row?.rssMb == null) return null;
  return Math.round(((row.rssMb - base.row.rssMb) * 2 ** 20) / (bigObjects(size) - bigObjects(base.size)));
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [fmt(headers), ...rows.map(fmt)].join('\n');
}

/** One row per verb; `base` adds the marginal bytes per object over the default scenario (the scale case). */
export function rowsTable(rows: Row[], size: ScenarioSize, base?: { rows: Row[]; size: ScenarioSize }): string {
  const headers = ['VERB', 'REQUESTS', 'WRITES', 'CONC', 'WALL ms', 'CPU ms', 'FLOOR ms', 'WALL÷FLOOR', 'REQ FLOOR', 'YARDSTICK', 'YARDSTICK CPU', 'PEAK RSS MB', 'B/OBJ',
    ...(base ? ['+B/+OBJ'] : []), 'SRV LOOP p99'];
  const num = (v: number | null | undefined): string => (v === null || v === undefined ? '-' : String(v));
  return table(headers, rows.map((r) => [
    r.label, String(r.requests), String(r.writes), String(r.concurrency), String(r.wallMs), num(r.cpuMs), String(r.floorMs),
    r.floorMs ? (r.wallMs / r.floorMs).toFixed(2) : '-', String(r.requestFloorMs), num(r.yardstickMs), num(r.yardstickCpuMs), r.rssMb === null ? '-' : r.rssMb.toFixed(0),
    num(bytesPerObject(r, size)), ...(base ? [num(bytesPerObject(r, size, { row: byId(base.rows, r.id), size: base.size }))] : []),
    `${r.serverLoopDelay.p99} ms`,
  ]));
}

function safetyLine(label: string, rows: Row[]): string[] {
  const s = byId(rows, 'migrate-fresh')?.safety;
  return s ? [`${label}safety round trips in a fresh migrate: ${s.daemonSetGuard} DaemonSet read (-n names a Calico installation), ${s.relistAfterWrites} TPR LIST(s) after writing (sources changed meanwhile); resourceVersion guards ride in the writes`] : [];
}

/** Where a fresh migrate's wall time goes, beside the yardstick's (which has no reads to wait for, no plan and no CRDs). */
export function phasesLine(rows: Row[]): string[] {
  const r = byId(rows, 'migrate-fresh');
  const p = r?.phases;
  if (!r || !p) return [];
  const yardstick = r.yardstickMs !== undefined && r.yardstickSendMs !== undefined
    ? `; the yardstick: ${r.yardstickMs - r.yardstickSendMs} ms start-up and exit, ${r.yardstickSendMs} ms sending` : '';
  return [`where a fresh migrate's time goes (medians): ${p.startMs} ms start-up, ${p.untilFirstWriteMs} ms from its first request to its first object written (reads, plan, CRDs created and Established), ${p.writesMs} ms writing, ${p.afterWritesMs} ms after the last write's answer (re-lists, report, exit)${yardstick}`];
}

export function render(r: BenchResult): string {
  const s = r.scenario;
  const lines = [
    `scenario ${s.name}: ${s.nodes} nodes, ${s.peers} global BGP peers, ${s.nodePeers} node-scoped peers (half IPv6), ${s.pools} IP pools, ${s.felixKeys} Felix + ${s.bgpKeys} BGP config keys`,
    `latency ${r.latencyMs} ms per request; default concurrency ${r.concurrency}; median of ${r.runs} run(s); RSS = max over runs; CLI ${r.runtime === 'tsx' ? 'via tsx (dev shim)' : r.runtime === 'binary' ? 'as the standalone binary' : 'as the release bundles it, on the pinned Node with its compile cache'}`,
    'FLOOR = the larger of REQ FLOOR (requests ÷ concurrency × latency) and YARDSTICK (a bare keep-alive https client sending the same requests at the same concurrency, as a process); B/OBJ = peak RSS per Node or global peer; SRV LOOP = the simulated server\'s event-loop delay',
    '',
    rowsTable(r.rows, r.scenario),
    ...phasesLine(r.rows),
    ...safetyLine('', r.rows),
  ];
  if (r.far) lines.push('', `at ${r.far.latencyMs} ms latency (a server in another region):`, rowsTable(r.far.rows, r.scenario), ...phasesLine(r.far.rows), ...safetyLine('', r.far.rows));
  if (r.scale) {
    lines.push('', `${r.scale.factor}× scenario (${r.scale.size.nodes} nodes, ${r.scale.size.peers} peers); +B/+OBJ = extra peak RSS per extra Node or peer over the default scenario:`,
      rowsTable(r.scale.rows, r.scale.size, { rows: r.rows, size: r.scenario }), ...phasesLine(r.scale.rows), ...safetyLine('', r.scale.rows));
  }
  if (r.sweep.length) {
    lines.push('', table(['LATENCY', 'CONCURRENCY', 'migrate (fresh) WALL ms', 'REQUESTS', 'REQ FLOOR', 'YARDSTICK', 'FLOOR ms', 'WALL÷FLOOR', 'SRV LOOP p99', 'SRV LOOP max'],
      r.sweep.map((x) => [`${x.latencyMs} ms`, String(x.concurrency), String(x.wallMs), String(x.requests), String(x.requestFloorMs), String(x.yardstickMs ?? '-'),
        String(x.floorMs), (x.wallMs / x.floorMs).toFixed(2), `${x.serverLoopDelay.p99} ms`, `${x.serverLoopDelay.max} ms`])));
  }
  lines.push('');
  for (const c of checks(r)) lines.push(`${c.ok === null ? 'n/a ' : c.ok ? 'ok  ' : 'MISS'}  ${c.name}: ${c.value ?? '-'} (target ${c.target})`);
  return `${lines.join('\n')}\n`;
}
