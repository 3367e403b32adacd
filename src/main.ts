// argv → verb → exit code. The only place that knows the contract's exit codes.
import { FileError, InterruptedError, RefusedError, UsageError } from './errors.js';
import { recordRun } from './cli/audit.js';
import { createContext } from './cli/context.js';
import { parse, ROOT } from './cli/parser.js';
import { terminalColumns, type Io } from './io.js';
import { KubeError } from './kube/errors.js';
import type { Outcome } from './report/report.js';

export const EXIT = { ok: 0, negative: 1, refused: 2, error: 3, usage: 4, SIGINT: 130, SIGTERM: 143 } as const;

const OUTCOME_EXIT: Record<Outcome, number> = { ok: EXIT.ok, negative: EXIT.negative, refused: EXIT.refused };

export async function main(argv: string[], io: Io): Promise<number> {
  const verbose = argv.some((a) => /^(-v+|--verbose)$/.test(a));
  let parsed;
  try {
    parsed = await parse(argv, terminalWidth(io));
  } catch (err) {
    return fail(io, err, verbose).code;
  }
  if (parsed.output !== undefined) {
    io.stdout.write(parsed.output.endsWith('\n') ? parsed.output : `${parsed.output}\n`);
    return EXIT.ok;
  }
  const { verb, args, parsed: words } = parsed;
  if (!verb?.start || !args || !words) return EXIT.usage;
  const ctx = createContext(io, args);
  const startedAt = new Date();
  let ended: { code: number; error?: string };
  try {
    const report = await verb.start(args, words, ctx);
    // A step that kept going after a request was cut off by the interruption still ends as interrupted.
    if (io.signal?.aborted && io.signal.reason instanceof InterruptedError) throw io.signal.reason;
    ctx.progress.done();
    ctx.printReport(report);
    ended = { code: OUTCOME_EXIT[report.outcome] };
  } catch (err) {
    ctx.progress.done();
    ended = err instanceof InterruptedError ? { code: interrupted(io, err, await ctx.writesSent()), error: err.message } : fail(io, err, args.verbose > 0, verb.name);
  } finally {
    ctx.dispose();
  }
  await recordRun({ verb, argv, args, connection: await ctx.opened(), startedAt, exitCode: ended.code, error: ended.error }, io);
  return ended.code;
}

/** What was done before the interruption, and that a re-run finishes the job (every step is safe to repeat). */
function interrupted(io: Io, err: InterruptedError, writes: number): number {
  io.stderr.write(`error: ${err.message} after ${writes} write request${writes === 1 ? '' : 's'}; no new request was started after it.\n`
    + `Every step is safe to repeat: re-run the same command to finish.\n`);
  return err.signal === 'SIGTERM' ? EXIT.SIGTERM : EXIT.SIGINT;
}

/** One or two plain lines on stderr and the contract's exit code; the stack only with -v. */
function fail(io: Io, err: unknown, verbose: boolean, verb?: string): { code: number; error: string } {
  const { code, text } = describe(err, verb);
  io.stderr.write(`error: ${text}\n`);
  if (verbose && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
  return { code, error: text };
}

function describe(err: unknown, verb?: string): { code: number; text: string } {
  if (err instanceof UsageError) return { code: EXIT.usage, text: `${err.message}\nSee '${[ROOT, err.verb ?? verb, '--help'].filter(Boolean).join(' ')}' for usage.` };
  if (err instanceof RefusedError) return { code: EXIT.refused, text: withHint(err.message, err.hint) };
  if (err instanceof KubeError) return { code: EXIT.error, text: err.describe() };
  if (err instanceof FileError) return { code: EXIT.error, text: withHint(err.message, err.hint) };
  if (err instanceof Error && err.name === 'KubeconfigError') return { code: EXIT.error, text: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { code: EXIT.error, text: `${message}\nThis looks like a bug in ${ROOT}; re-run with -v and report it.` };
}

const withHint = (message: string, hint?: string): string => (hint ? `${message}\n${hint}` : message);

/** Help's width: the terminal's, or 100 when it is narrower than 40 columns or not a terminal. */
function terminalWidth(io: Io): number {
  const columns = terminalColumns(io.stdout);
  return columns !== undefined && columns > 40 ? columns : 100;
}
