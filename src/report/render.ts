// One set of renderers for every verb: table (kubectl-style, borderless), wide (extra columns), json, yaml.
// Results go to stdout and warnings to stderr; json and yaml carry the warnings in the result as `warnings`.
import * as yaml from 'js-yaml';
import { paint } from './color.js';
import { cellText, visibleLength } from './cells.js';
import { fitTable } from './fit.js';
import type { CellValue, Line, Report, Table as ReportTable, Tone } from './report.js';
import { summarized } from './summary.js';

export const OUTPUT_FORMATS = ['table', 'wide', 'json', 'yaml', 'name'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** -o json|yaml: the result as data (a dry-run's objects as a List), not for a person. */
export const printsData = (format: string): boolean => format === 'json' || format === 'yaml';

export interface RenderOptions {
  color: boolean;
  /** Colour on stderr (a terminal of its own). */
  stderrColor?: boolean;
  /** The terminal's columns: -o table fits its tables to them (undefined: a pipe or file, nothing is shortened). */
  width?: number;
  /** Every row of a large table, not its summary. */
  showAll?: boolean;
  /** Tables and lines already printed (StepContext.show): not printed again. */
  shown?: ReadonlySet<object>;
  /** Warnings already printed on stderr while the verb ran: only json and yaml carry them again. */
  warnings?: readonly string[];
}

export interface Rendered { stdout: string; stderr: string }

export function render(report: Report, format: OutputFormat, options: RenderOptions): Rendered {
  const warned = report.lines.filter((l) => l.warning && !options.shown?.has(l));
  const onStderr = (lines: Line[]): string => renderPart({ lines }, false, options).stderr;
  switch (format) {
    case 'json': case 'yaml': {
      // A List of objects (migrate --dry-run) stays a List, as kubectl prints one: its warnings are on stderr only.
      if (report.objects) return { stdout: serialize(report.objects, format), stderr: onStderr(warned) };
      const warnings = [...(options.warnings ?? []), ...warned.map((l) => l.warning!)];
      return { stdout: serialize(warnings.length && isRecord(report.data) ? { ...report.data, warnings } : report.data, format), stderr: '' };
    }
    // kubectl's -o name: one object a line, nothing else on stdout.
    case 'name': return { stdout: (report.names ?? []).map((n) => `${n}\n`).join(''), stderr: onStderr(warned) };
    case 'table': case 'wide': return renderPart(report, format === 'wide', options);
  }
}

/** Tables and lines for a person (a whole report, or a part StepContext.show prints early): warnings to stderr. */
export function renderPart(part: { tables?: readonly ReportTable[]; lines?: readonly Line[] }, wide: boolean, options: RenderOptions): Rendered {
  const shown = options.shown;
  const lines = (part.lines ?? []).filter((l) => !shown?.has(l));
  return {
    stdout: renderHuman({ tables: (part.tables ?? []).filter((t) => !shown?.has(t)), lines: lines.filter((l) => !l.warning) }, wide, options),
    stderr: lines.filter((l) => l.warning).map((l) => `${paint(l.text, l.tone, options.stderrColor ?? false)}\n`).join(''),
  };
}

const serialize = (data: unknown, format: 'json' | 'yaml'): string => (format === 'json' ? `${JSON.stringify(data, null, 2)}\n` : toYaml(data));

/** YAML as -o yaml prints it; `sortKeys` as kubectl prints an object (its YAML goes through a map). */
export function toYaml(data: unknown, sortKeys = false): string {
  return yaml.dump(data, { noRefs: true, lineWidth: -1, sortKeys });
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Tables, then lines, as a person reads them. */
function renderHuman(part: { tables?: readonly ReportTable[]; lines?: readonly Line[] }, wide: boolean, options: RenderOptions): string {
  const tables = (part.tables ?? []).filter((t) => t.rows.length > 0).flatMap((t) => (options.showAll ? [t] : summarized(t)));
  // A summarized table with no row needing attention is its title alone.
  const parts = tables.map((t) => (t.rows.length === 0 ? t.title ?? '' : renderTable(wide || options.width === undefined ? t : fitTable(t, options.width), wide, options.color)));
  const lines = (part.lines ?? []).map((l) => paint(l.text, l.tone, options.color));
  if (lines.length) parts.push(lines.join('\n'));
  return parts.length ? `${parts.join('\n\n')}\n` : '';
}

// kubectl's look (its printers are a tabwriter): no borders, two spaces between columns, upper-case headers, no
// trailing spaces. Padded here rather than with cli-table3, whose cost per row grew faster than linear (hundreds of
// times slower on a large cluster's thousands of rows).
function renderTable(t: ReportTable, wide: boolean, color: boolean): string {
  const columns = t.columns.filter((c) => wide || !c.wide);
  const plain = [columns.map((c) => c.header), ...t.rows.map((row) => columns.map((c) => cellText(row[c.key])))];
  const tones = [columns.map(() => 'plain' as Tone), ...t.rows.map((row) => columns.map((c) => cellTone(row[c.key])))];
  const lengths = plain.map((r) => r.map(visibleLength));
  const widths = columns.map((_, i) => lengths.reduce((max, l) => Math.max(max, l[i] as number), 0));
  const lines = plain.map((r, j) => r.map((text, i) => {
    const painted = paint(text, tones[j]![i]!, color);
    return i === r.length - 1 ? painted : painted + ' '.repeat((widths[i] as number) - (lengths[j]![i] as number) + 2);
  }).join('').trimEnd());
  const body = lines.join('\n');
  return t.title ? `${t.title}\n${body}` : body;
}

const cellTone = (value: CellValue): Tone => (value !== null && typeof value === 'object' ? value.tone : 'plain');
