// Runs the real CLI as a child process (bin shim on the pinned Node, or another program such as the released binary),
// asynchronously so an in-process simulated cluster keeps answering. startCliProcess hands back the child, so a test
// can signal it at an exact moment (for example from the simulated cluster's request hook); runCliProcess signals it
// after a delay, if asked.
import { spawn, type ChildProcess } from 'node:child_process';

const BIN = new URL('../../bin/kubectl-calico_migrate', import.meta.url).pathname;

export interface ProcessResult { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number }

interface StartOptions { env?: NodeJS.ProcessEnv; timeoutMs?: number; bin?: string; cwd?: string }

export function startCliProcess(argv: string[], opts: StartOptions = {}): { child: ChildProcess; done: Promise<ProcessResult> } {
  const started = Date.now();
  const child = spawn(opts.bin ?? BIN, argv, { env: { ...process.env, ...opts.env }, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  child.stdout!.on('data', (d) => { stdout += d; });
  child.stderr!.on('data', (d) => { stderr += d; });
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
  const done = new Promise<ProcessResult>((resolve) => {
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stdout, stderr, ms: Date.now() - started }); });
  });
  return { child, done };
}

export function runCliProcess(argv: string[], opts: StartOptions & { killAfterMs?: number; killSignal?: NodeJS.Signals } = {}): Promise<ProcessResult> {
  const { child, done } = startCliProcess(argv, opts);
  if (opts.killAfterMs === undefined) return done;
  const timer = setTimeout(() => child.kill(opts.killSignal ?? 'SIGTERM'), opts.killAfterMs);
  return done.finally(() => clearTimeout(timer));
}
