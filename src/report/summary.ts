// On a large cluster a table of thousands of rows hides the few that matter: past ROW_LIMIT rows, a table with a
// status column prints the count of each status and only the rows that need attention (a warning or failure tone).
import type { CellValue, Table } from './report.js';

export const ROW_LIMIT = 50;

const status = (value: CellValue): { text: string; attention: boolean } =>
  value !== null && typeof value === 'object'
    ? { text: value.text, attention: value.tone === 'fail' || value.tone === 'warn' }
    : { text: String(value ?? '-'), attention: false };

/** The table as printed by default: itself, or (large, with a status column) its counts and the rows needing attention. */
export function summarized(t: Table): Table[] {
  if (!t.summarize || t.rows.length <= ROW_LIMIT) return [t];
  const key = t.summarize;
  const counts = new Map<string, number>();
  for (const row of t.rows) { const { text } = status(row[key]); counts.set(text, (counts.get(text) ?? 0) + 1); }
  const attention = t.rows.filter((row) => status(row[key]).attention);
  const tally = [...counts].map(([text, n]) => `${n} ${text}`).join(', ');
  const header = `${t.title ? `${t.title}\n` : ''}${t.rows.length} rows: ${tally}. ${attention.length
    ? `The ${attention.length} that need attention:` : 'None needs attention'} (--show-all lists every row)`;
  return [{ title: header, columns: t.columns, rows: attention }];
}
