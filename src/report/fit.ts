// A table wider than the terminal wraps into an unreadable block: the widest columns give way first, their long
// cells shortened in the middle with "…" (a name's start and end say the most). -o wide, json and yaml keep them whole.
import { cellText, visibleLength } from './cells.js';
import type { CellValue, Table } from './report.js';

/** No column is cut below this (or below its header). */
const MIN_COLUMN = 12;
const GAP = 2;

export function fitTable(t: Table, width: number): Table {
  const columns = t.columns.filter((c) => !c.wide);
  const widths = columns.map((c) => t.rows.reduce((max, row) => Math.max(max, visibleLength(cellText(row[c.key]))), c.header.length));
  const floors = columns.map((c) => Math.max(MIN_COLUMN, c.header.length));
  const total = (cap: number): number => widths.reduce((sum, w, i) => sum + Math.min(w, Math.max(cap, floors[i]!)), GAP * (columns.length - 1));
  if (total(Infinity) <= width) return t;
  // The largest cap at which the table fits; at the floor it may still not fit (then it is as narrow as it goes).
  let low = 0; let high = Math.max(...widths);
  while (low < high) { const mid = Math.ceil((low + high) / 2); if (total(mid) <= width) low = mid; else high = mid - 1; }
  const limits = new Map(columns.map((c, i) => [c.key, Math.max(low, floors[i]!)]));
  return { ...t, rows: t.rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, shorten(value, limits.get(key))]))) };
}

function shorten(value: CellValue, limit: number | undefined): CellValue {
  if (limit === undefined) return value;
  const text = cellText(value);
  if (visibleLength(text) <= limit) return value;
  const short = shortenMiddle(text, limit);
  return value !== null && typeof value === 'object' ? { ...value, text: short } : short;
}

/** `text` in `limit` characters: its start and end, "…" between. */
export function shortenMiddle(text: string, limit: number): string {
  const chars = [...text];
  if (chars.length <= limit) return text;
  const head = Math.ceil((limit - 1) / 2);
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - (limit - 1 - head)).join('')}`;
}
