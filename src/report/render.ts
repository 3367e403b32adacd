// One set of renderers for every verb: table (kubectl-style, borderless), wide (extra columns), json, yaml.
import * as yaml from 'js-yaml';
import { paint } from './color.js';
import type { Cell, CellValue, Report, Table as ReportTable } from './report.js';

export const OUTPUT_FORMATS = ['table', 'wide', 'json', 'yaml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function render(report: Report, format: OutputFormat, color: boolean): string {
  switch (format) {
    case 'json': return `${JSON.stringify(report.objects ?? report.data, null, 2)}\n`;
    case 'yaml': return toYaml(report.objects ?? report.data);
    case 'table': case 'wide': return renderHuman(report, format === 'wide', color);
  }
}

/** YAML as -o yaml prints it; `sortKeys` as kubectl prints an object (its YAML goes through a map). */
export function toYaml(data: unknown, sortKeys = false): string {
  return yaml.dump(data, { noRefs: true, lineWidth: -1, sortKeys });
}

function renderHuman(report: Report, wide: boolean, color: boolean): string {
  const parts = report.tables.filter((t) => t.rows.length > 0).map((t) => renderTable(t, wide, color));
  const lines = report.lines.map((l) => paint(l.text, l.tone, color));
  if (lines.length) parts.push(lines.join('\n'));
  return parts.length ? `${parts.join('\n\n')}\n` : '';
}

// kubectl's look (its printers are a tabwriter): no borders, two spaces between columns, upper-case headers, no
// trailing spaces. Padded here rather than with cli-table3, whose cost per row grew faster than linear (hundreds of
// times slower on a large cluster's thousands of rows).
function renderTable(t: ReportTable, wide: boolean, color: boolean): string {
  const columns = t.columns.filter((c) => wide || !c.wide);
  const cells = [columns.map((c) => c.header), ...t.rows.map((row) => columns.map((c) => cellText(row[c.key], color)))];
  const lengths = cells.map((r) => r.map(visibleLength));
  const widths = columns.map((_, i) => lengths.reduce((max, l) => Math.max(max, l[i] as number), 0));
  const lines = cells.map((r, j) => r.map((text, i) => (i === r.length - 1 ? text : text + ' '.repeat((widths[i] as number) - (lengths[j]![i] as number) + 2))).join('').trimEnd());
  const body = lines.join('\n');
  return t.title ? `${t.title}\n${body}` : body;
}

/** Characters a terminal shows: colour codes take no room, and a non-ASCII code point takes one. */
function visibleLength(text: string): number {
  const plain = text.includes('\x1b') ? text.replace(/\x1b\[[0-9;]*m/g, '') : text;
  return /[^\x00-\x7f]/.test(plain) ? [...plain].length : plain.length;
}

function cellText(value: CellValue, color: boolean): string {
  if (value === null || value === undefined || value === '') return '-';
  if (typeof value === 'object') return paint((value as Cell).text, (value as Cell).tone, color);
  return String(value);
}
