// Runs the CLI in-process with fake streams, as a user would from a shell: argv in, exit code and output out.
import { PassThrough } from 'node:stream';
import { main } from '../../src/main.js';

export interface CliResult { code: number; stdout: string; stderr: string }

export interface CliOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;          // when given, stdin is a TTY-less stream with this content
  tty?: boolean;           // pretend stdin/stdout/stderr are terminals
  columns?: number;        // stdout's width, as a terminal reports it
  onStderr?: (text: string) => void;  // sees stderr as it is written (e.g. what was printed before a request arrived)
  /** At a pretend terminal, answers each [y/N] prompt with this, called while the prompt waits (a second writer's moment). */
  answer?: (question: string) => string;
  /** The directory the CLI runs in (default the test's own). */
  cwd?: string;
}

export async function runCli(argv: string[], opts: CliOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  const tty = opts.tty ?? opts.answer !== undefined;
  stdin.isTTY = tty;
  if (!opts.answer) stdin.end(opts.stdin ?? '');
  const code = await main(argv, {
    stdout: { write: (t: string) => { stdout += t; return true; }, isTTY: tty, ...(opts.columns ? { columns: opts.columns } : {}) },
    stderr: { write: (t: string) => {
      stderr += t;
      opts.onStderr?.(t);
      if (opts.answer && t.endsWith('[y/N]: ')) stdin.write(`${opts.answer(t)}\n`);
      return true;
    }, isTTY: tty },
    stdin,
    env: { HOME: '/nonexistent-home', ...(opts.env ?? {}) },
    cwd: opts.cwd ?? process.cwd(),
  });
  return { code, stdout, stderr };
}

/** The argv prefix that points the CLI at a simulated cluster's kubeconfig. */
export const kube = (kubeconfigPath: string, ...more: string[]): string[] => ['--kubeconfig', kubeconfigPath, ...more];
