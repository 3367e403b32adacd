// What a verb's logic gets from the command line, and all it gets: a connection opened on first use, the terminal
// (progress, warnings, prompts), the commands to suggest next, and how many requests may be in flight. Never a flag
// name: src/cli builds this (cli/context.ts) and each verb's typed options from the parsed flags.
import type { Io } from '../io.js';
import type { Connection } from '../kube/connection.js';
import type { Progress } from '../report/progress.js';
import type { Line, Table } from '../report/report.js';

/** The commands a report tells the user to run next, with the connection flags the user gave, quoted for a shell. */
export interface NextCommands {
  /** `kubectl calico-migrate <connection flags> <words>` (with -n when it is not kube-system). */
  plugin(...words: string[]): string;
  /** `kubectl <connection flags> <words>`: the same cluster and user for kubectl's own steps. */
  kubectl(...words: string[]): string;
  /** The same commands for Calico in another namespace. */
  inNamespace(namespace: string): NextCommands;
}

export interface StepContext {
  io: Io;
  connect(): Promise<Connection>;
  progress: Progress;
  /** A line on stderr for the person watching (which step runs, which cluster): not part of the result. */
  warn(line: string): void;
  /** A warning: on stderr now, and in -o json|yaml as the result's `warnings` list. */
  warning(text: string): void;
  /** Part of the result, ready before the rest (a step's table, the plan a prompt asks about): with -o table|wide it is
   * printed now, and left out when the whole report is printed; json and yaml print the whole report at the end. */
  show(part: { tables?: readonly Table[]; lines?: readonly Line[] }): void;
  log(verbosity: number, line: string): void;
  /** A yes/no question on the terminal; yes with --yes; refused (an error) when there is no terminal to ask on. */
  confirm(question: string): Promise<boolean>;
  /** Whether confirm() will ask a person (no --yes, stdin a terminal), so what it asks about is shown first. */
  willAsk: boolean;
  next: NextCommands;
  /** Requests in flight at once (--concurrency). */
  concurrency: number;
}
