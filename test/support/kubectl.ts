// Finds real kubectl binaries for fidelity tests, and runs one with a kill timer and a private discovery cache.
import { execFileSync, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

export interface KubectlBinary {
  /** e.g. '1.33', '1.20', or 'default' for the PATH kubectl. */
  label: string;
  path: string;
  /** Client minor version as reported by `kubectl version --client`, when it could be read. */
  minor?: number;
}

const GCLOUD_BIN = '/usr/lib/google-cloud-sdk/bin';
const REPO_ROOT = resolve(new URL('../..', import.meta.url).pathname);

function executable(p: string): boolean {
  try { accessSync(p, constants.X_OK); return true; } catch { return false; }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(dir, name);
    if (dir && executable(p)) return p;
  }
  return undefined;
}

function clientMinor(path: string): number | undefined {
  try {
    const out = execFileSync(path, ['version', '--client', '-o', 'json'], { timeout: 10_000, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return Number(JSON.parse(out).clientVersion.minor.replace(/\D/g, ''));
  } catch { return undefined; }
}

let cached: KubectlBinary[] | undefined;

/** Every distinct kubectl here: the PATH one, the pinned google-cloud-sdk builds 1.27–1.33, and Debian's 1.20 if unpacked. */
export function findKubectls(): KubectlBinary[] {
  if (cached) return cached;
  const found: KubectlBinary[] = [];
  const def = onPath('kubectl');
  if (def) found.push({ label: 'default', path: def });
  for (let minor = 27; minor <= 33; minor++) {
    const p = join(GCLOUD_BIN, `kubectl.1.${minor}`);
    if (executable(p)) found.push({ label: `1.${minor}`, path: p, minor });
  }
  const debian = join(REPO_ROOT, '.tools/kubectl-1.20/usr/bin/kubectl');
  if (executable(debian)) found.push({ label: '1.20', path: debian, minor: 20 });
  if (found[0]?.label === 'default') found[0].minor = clientMinor(found[0].path);
  cached = found;
  return found;
}

/** The kubectl a side-by-side test runs beside the plugin: MATRIX_KUBECTL (default, 1.20, 1.27…1.33) or the first found. */
export function sideBySideKubectl(): KubectlBinary {
  const found = findKubectls().find((k) => k.label === (process.env.MATRIX_KUBECTL ?? 'default')) ?? findKubectls()[0];
  if (!found) throw new Error('no kubectl found on PATH: the side-by-side tests need one');
  return found;
}

/** The binaries for a matrix run: default, 1.27, 1.33 and 1.20 when present. */
export function kubectlMatrix(): KubectlBinary[] {
  const all = findKubectls();
  const want = ['default', '1.27', '1.33', '1.20'];
  return all.filter((k) => want.includes(k.label));
}

export interface KubectlResult { code: number | null; stdout: string; stderr: string; timedOut: boolean }

export interface KubectlRunOptions {
  kubeconfig: string;
  context?: string;
  timeoutMs?: number;
  /** A fresh discovery cache per cluster, so caches never leak between servers on reused ports. */
  cacheDir?: string;
  stdin?: string;
}

export function newCacheDir(): string {
  return mkdtempSync(join(tmpdir(), 'kubectl-cache-'));
}

export function runKubectl(bin: KubectlBinary, args: string[], o: KubectlRunOptions): Promise<KubectlResult> {
  const full = ['--kubeconfig', o.kubeconfig, '--cache-dir', o.cacheDir ?? newCacheDir(), ...(o.context ? ['--context', o.context] : []), ...args];
  return new Promise((resolvePromise) => {
    const child = spawn(bin.path, full, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, KUBECONFIG: o.kubeconfig, HOME: process.env.HOME ?? tmpdir() } });
    let stdout = '', stderr = '', timedOut = false;
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, o.timeoutMs ?? 30_000);
    child.on('close', (code) => { clearTimeout(timer); resolvePromise({ code, stdout, stderr, timedOut }); });
    child.stdin.end(o.stdin ?? '');
  });
}
