// One set of renderers for every verb: table (kubectl-style, borderless), wide (extra columns), json, yaml.
import Table from 'cli-table3';
import * as yaml from 'js-yaml';
import { paint } from './color.js';
import type { Cell, CellValue, Report, Table as ReportTable } from './report.js';

export const OUTPUT_FORMATS = ['table', 'wide', 'json', 'yaml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function render(report: Report, format: OutputFormat, color: boolean): string {
  switch (format) {
    case 'json': return `${JSON.stringify(report.data, null, 2)}\n`;
    case 'yaml': return toYaml(report.data);
    case 'table': case 'wide': return renderHuman(report, format === 'wide', color);
  }
}

export function toYaml(data: unknown): string {
  return yaml.dump(data, { noRefs: true, lineWidth: -1, sortKeys: false });
}

function renderHuman(report: Report, wide: boolean, color: boolean): string {
  const parts = report.tables.filter((t) => t.rows.length > 0).map((t) => renderTable(t, wide, color));
  const lines = report.lines.map((l) => paint(l.text, l.tone, color));
  if (lines.length) parts.push(lines.join('\n'));
  return parts.length ? `${parts.join('\n\n')}\n` : '';
}

// kubectl's look: no borders, two spaces between columns, upper-case headers.
const BORDERLESS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
};

function renderTable(t: ReportTable, wide: boolean, color: boolean): string {
  const columns = t.columns.filter((c) => wide || !c.wide);
  const table = new Table({
    head: columns.map((c) => c.header),
    chars: BORDERLESS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
    wordWrap: false,
  });
  for (const row of t.rows) table.push(columns.map((c) => cellText(row[c.key], color)));
  const body = table.toString().split('\n').map((l) => l.replace(/\s+$/, '')).join('\n');
  return t.title ? `${t.title}\n${body}` : body;
}

function cellText(value: CellValue, color: boolean): string {
  if (value === null || value === undefined || value === '') return '-';
  if (typeof value === 'object') return paint((value as Cell).text, (value as Cell).tone, color);
  return String(value);
}
