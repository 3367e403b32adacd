// A Report is what every verb returns: the result as data (for -o json|yaml) plus the tables and lines a human
// reads (for -o table|wide). Verbs build Reports; they never print.

/** How the verb ended, in the contract's terms; main.ts turns it into the exit code. */
export type Outcome = 'ok' | 'negative' | 'refused';

/** Colour hint for a cell or line; renderers decide whether colour is on. */
export type Tone = 'ok' | 'warn' | 'fail' | 'info' | 'plain';

export interface Cell { text: string; tone: Tone }
export type CellValue = string | number | boolean | null | undefined | Cell;

export interface Column {
  key: string;
  header: string;   // upper-case, kubectl style
  wide?: boolean;   // shown only with -o wide
}

export interface Table {
  title?: string;
  columns: Column[];
  rows: Array<Record<string, CellValue>>;
  /** The key of the row's status column: a large table is printed as its counts and the rows whose status is a
   * warning or a failure (summary.ts); --show-all prints every row. */
  summarize?: string;
}

export interface Line {
  text: string;
  tone: Tone;
  /** A "Next:" line (a command to run next): a verb that composes others (run) replaces them with its own. */
  next?: true;
  /** A warning: `text` on stderr for a person, and this (its words, without "warning: ") in -o json|yaml's `warnings`. */
  warning?: string;
}

export interface Report<D = unknown> {
  verb: string;
  outcome: Outcome;
  tables: Table[];
  lines: Line[];     // printed after the tables: summary, verdict, next command
  data: D;           // the stable machine-readable shape
  /** The objects the verb wrote (or, in a dry-run, would write), as `kubectl -o name` prints them: for -o name. */
  names?: string[];
  /** What -o json|yaml print instead of `data`: a dry-run's objects as they would be sent, a `kind: List` as kubectl prints it. */
  objects?: unknown;
}

export const cell = (text: string, tone: Tone = 'plain'): Cell => ({ text, tone });
export const line = (text: string, tone: Tone = 'plain'): Line => ({ text, tone });
export const warning = (text: string): Line => ({ text: `warning: ${text}`, tone: 'warn', warning: text });

/** The commands to run next: "Next: " before the first, the others aligned under it. */
export const nextLines = (commands: readonly string[]): Line[] =>
  commands.map((c, i) => ({ text: `${i === 0 ? 'Next: ' : '      '}${c}`, tone: 'plain', next: true }));
