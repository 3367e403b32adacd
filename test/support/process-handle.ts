// Starts the real CLI as a child process and hands back the child, so a test can signal it at an exact moment (for
// example from the simulated cluster's request hook, when a given request arrives). See process.ts for the simpler
// "signal after a delay" form.
import { spawn, type ChildProcess } from 'node:child_process';
import type { ProcessResult } from './process.js';

const BIN = new URL('../../bin/kubectl-calico_migrate', import.meta.url).pathname;

export function startCliProcess(argv: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): { child: ChildProcess; done: Promise<ProcessResult> } {
  const started = Date.now();
  const child = spawn(BIN, argv, { env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  child.stdout!.on('data', (d) => { stdout += d; });
  child.stderr!.on('data', (d) => { stderr += d; });
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
  const done = new Promise<ProcessResult>((resolve) => {
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stdout, stderr, ms: Date.now() - started }); });
  });
  return { child, done };
}
