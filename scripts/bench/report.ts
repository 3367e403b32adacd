// The bench's verdict: the table (verb, requests, writes, concurrency, median wall, floor, ours÷floor, peak RSS), the
// ratios the issue sets targets for, and the JSON written for tracking.
import type { BenchResult, Row } from './run.js';

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
  add('migrate (fresh) ÷ floor', ratio(fresh?.wallMs, fresh?.floorMs), '≤ 1.5', (v) => v <= 1.5);
  add('migrate --concurrency 1 ÷ migrate', ratio(row('migrate-fresh@1')?.wallMs, fresh?.wallMs), '≥ 10', (v) => v >= 10);
  add('kubectl apply ÷ migrate', ratio(row('kubectl-apply')?.wallMs, fresh?.wallMs), '≥ 10', (v) => v >= 10);
  add('migrate (re-run) writes', row('migrate-rerun')?.writes ?? null, '= 0', (v) => v === 0);
  add('migrate (re-run) ÷ LISTs alone', ratio(row('migrate-rerun')?.wallMs, row('lists-only')?.wallMs), '≤ 2', (v) => v <= 2);
  add('backup ÷ kubectl get ×4', ratio(row('backup')?.wallMs, row('kubectl-backup')?.wallMs), '≤ 1', (v) => v <= 1);
  const ours = r.rows.filter((x) => !x.id.startsWith('kubectl') && x.id !== 'lists-only');
  const rss = ours.flatMap((x) => (x.rssMb === null ? [] : [x.rssMb]));
  add('peak RSS of any verb (MB)', rss.length ? Math.max(...rss) : null, '< 250', (v) => v < 250);
  for (const x of r.scale?.rows ?? []) {
    add(`${x.label}: RSS doubled ÷ default`, ratio(x.rssMb ?? undefined, byId(r.rows, x.id)?.rssMb ?? undefined), '≤ 2 (linear)', (v) => v <= 2);
  }
  return out;
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [fmt(headers), ...rows.map(fmt)].join('\n');
}

export function rowsTable(rows: Row[]): string {
  return table(['VERB', 'REQUESTS', 'WRITES', 'CONC', 'WALL ms', 'FLOOR ms', 'WALL÷FLOOR', 'PEAK RSS MB'], rows.map((r) => [
    r.label, String(r.requests), String(r.writes), String(r.concurrency), String(r.wallMs), String(r.floorMs),
    r.floorMs ? (r.wallMs / r.floorMs).toFixed(2) : '-', r.rssMb === null ? '-' : r.rssMb.toFixed(0),
  ]));
}

export function render(r: BenchResult): string {
  const s = r.scenario;
  const lines = [
    `scenario ${s.name}: ${s.nodes} nodes, ${s.peers} global BGP peers, ${s.nodePeers} node-scoped peers (half IPv6), ${s.pools} IP pools, ${s.felixKeys} Felix + ${s.bgpKeys} BGP config keys`,
    `latency ${r.latencyMs} ms per request; default concurrency ${r.concurrency}; median of ${r.runs} run(s); floor = requests ÷ concurrency × latency; RSS = max over runs; CLI ${r.runtime === 'tsx' ? 'via tsx (dev shim)' : r.runtime === 'binary' ? 'as the standalone binary' : 'as the release bundles it, on the pinned Node with its compile cache'}`,
    '',
    rowsTable(r.rows),
  ];
  if (r.sweep.length) {
    lines.push('', table(['CONCURRENCY', 'migrate (fresh) WALL ms', 'REQUESTS', 'FLOOR ms'],
      r.sweep.map((x) => [String(x.concurrency), String(x.wallMs), String(x.requests), String(x.floorMs)])));
  }
  if (r.scale) lines.push('', `doubled scenario (${r.scale.size.nodes} nodes, ${r.scale.size.peers} peers):`, rowsTable(r.scale.rows));
  lines.push('');
  for (const c of checks(r)) lines.push(`${c.ok === null ? 'n/a ' : c.ok ? 'ok  ' : 'MISS'}  ${c.name}: ${c.value ?? '-'} (target ${c.target})`);
  return `${lines.join('\n')}\n`;
}
