// Real file-system failures (read-only, full disk) need a small file system of our own: root ignores permission bits.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A tmpfs mount (needs root); undefined where mounting is not allowed, so the caller can skip and say so. */
export function mountTmpfs(options: string): string | undefined {
  const dir = mkdtempSync(path.join(tmpdir(), 'tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    return undefined;
  }
}

export function unmount(dir: string): void {
  try { execFileSync('umount', [dir], { stdio: 'ignore' }); } catch { /* already gone */ }
}
