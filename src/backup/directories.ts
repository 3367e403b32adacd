// Creating a backup directory and its missing parents one component at a time, remembering what was created so that a
// failed backup removes exactly that. Node's recursive mkdir is not used: where a parent cannot be created and the
// kernel answers ENOENT (under /proc, for one) it retries forever at full CPU.
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Creates `dir` and every missing parent (0700); returns the directories created, outermost first. */
export async function makeDirectories(dir: string): Promise<string[]> {
  const missing: string[] = [];
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    if (await exists(at)) break;
    missing.unshift(at);
    if (path.dirname(at) === at) break;
  }
  const created: string[] = [];
  try {
    for (const one of missing) {
      await fs.mkdir(one, { mode: 0o700 }); // any error is final: no retry, no loop
      created.push(one);
    }
  } catch (err) {
    await removeDirectories(created);
    throw err;
  }
  return created;
}

/** Removes directories this run created, innermost first; one that is no longer empty is left alone. */
export async function removeDirectories(created: readonly string[]): Promise<void> {
  for (const one of [...created].reverse()) await fs.rmdir(one).catch(() => undefined);
}

async function exists(at: string): Promise<boolean> {
  try {
    await fs.lstat(at);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
