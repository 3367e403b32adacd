// One measurement = one child process, so wall time and peak RSS are the command's own (not the bench's, which also
// runs the simulated API server). Peak RSS and CPU time come from GNU time (`/usr/bin/time`, Debian package `time`);
// without it, Node children report their own through a tiny --import hook and other programs report none.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const GNU_TIME = '/usr/bin/time';
const NODE = path.join(ROOT, 'node_modules/.bin/node');
const RSS_HOOK = pathToFileURL(path.join(ROOT, 'scripts/bench/rss-hook.mjs')).href;

/** cpuMs: the command's user + system CPU time (GNU time only). */
export interface RunResult { code: number; wallMs: number; rssMb?: number; cpuMs?: number; stdout: string; stderr: string }

export const hasGnuTime = (): boolean => existsSync(GNU_TIME);

/** A compiled script (see build.ts) on the pinned Node 22; `tsx` runs a TypeScript file as the dev shim does. */
export function nodeCommand(script: string, args: string[], tsx = false): string[] {
  return [NODE, ...(tsx ? ['--import', 'tsx'] : []), script, ...args];
}

export async function runMeasured(command: string[], opts: { env?: Record<string, string>; keepStdout?: boolean } = {}): Promise<RunResult> {
  const tmp = mkdtempSync(path.join(tmpdir(), 'calico-bench-'));
  const rssFile = path.join(tmp, 'rss');
  const gnu = hasGnuTime();
  const [file, ...args] = gnu ? [GNU_TIME, '-f', '%M %U %S', '-o', rssFile, ...command] : command;
  const isNode = command[0] === NODE;
  const env = {
    ...process.env, ...opts.env,
    // Node's compile cache stands in for the V8 code cache the released binary embeds (npm run build).
    ...(isNode ? { NODE_COMPILE_CACHE: path.join(ROOT, 'node_modules/.cache/calico-bench/compile-cache') } : {}),
    ...(!gnu && isNode ? { BENCH_RSS_FILE: rssFile, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${RSS_HOOK}`.trim() } : {}),
  };
  try {
    const started = performance.now();
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(file!, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      // Output is drained (as a terminal would) but only kept when asked: a table of thousands of rows is not evidence.
      child.stdout.on('data', (chunk: Buffer) => { if (opts.keepStdout) out += chunk.toString(); });
      child.stderr.on('data', (chunk: Buffer) => { err += chunk.toString(); });
      child.on('error', reject);
      child.on('close', (c) => resolve({ code: c ?? -1, stdout: out, stderr: err }));
    });
    const wallMs = performance.now() - started;
    // GNU time's last line, and the hook's only one: "maxRSS user system" (KB, s, s).
    const [kb = NaN, user = NaN, system = NaN] = existsSync(rssFile) ? readFileSync(rssFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number) : [];
    const cpuMs = Math.round((user + system) * 1000);
    return { code, wallMs, ...(Number.isFinite(kb) && kb > 0 ? { rssMb: kb / 1024 } : {}), ...(Number.isFinite(cpuMs) ? { cpuMs } : {}), stdout, stderr };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
