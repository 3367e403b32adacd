// Runs a program without blocking the event loop (the simulated API server lives in this process), with a kill
// timer and a clean environment on top of the caller's.
import { spawn } from 'node:child_process';

export interface RunResult { code: number | null; stdout: string; stderr: string }

export function run(cmd: string, args: string[], opts: { env?: Record<string, string | undefined>; cwd?: string; timeoutMs?: number; stdin?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
    child.stdin.end(opts.stdin ?? '');
  });
}
