// Runs the real CLI as a child process (bin shim on the pinned Node), asynchronously so an in-process simulated
// cluster keeps answering; optional signal after a delay, or when stderr shows a pattern.
import { spawn } from 'node:child_process';

const BIN = new URL('../../bin/kubectl-calico_migrate', import.meta.url).pathname;

export interface ProcessResult { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number }

export function runCliProcess(argv: string[], opts: { env?: NodeJS.ProcessEnv; killAfterMs?: number; killSignal?: NodeJS.Signals; timeoutMs?: number } = {}): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(BIN, argv, { env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timers: NodeJS.Timeout[] = [setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000)];
    if (opts.killAfterMs !== undefined) timers.push(setTimeout(() => child.kill(opts.killSignal ?? 'SIGTERM'), opts.killAfterMs));
    child.on('close', (code, signal) => { timers.forEach(clearTimeout); resolve({ code, signal, stdout, stderr, ms: Date.now() - started }); });
  });
}
