// One backup at a time per directory: a lock file created exclusively (O_EXCL) inside the backup directory, holding
// who took it. A lock left by a process that no longer runs on this host (killed with SIGKILL, a crash) is stale and
// taken over; a lock of a running process, of another host, or that cannot be read, refuses.
import { constants, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RefusedError } from '../errors.js';

export const LOCK_FILE = '.calico-migrate.lock';

export interface LockOwner { pid: number; host: string; startedAt: string }

export interface Lock {
  /** The owner of the stale lock this one replaced, if any (reported as a warning). */
  replacedStale?: LockOwner;
  release(): Promise<void>;
}

export async function acquireLock(dir: string): Promise<Lock> {
  const file = path.join(dir, LOCK_FILE);
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  let replacedStale: LockOwner | undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await fs.open(file, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | (constants.O_NOFOLLOW ?? 0), 0o600);
      try {
        await handle.writeFile(`${JSON.stringify(owner)}\n`);
      } finally {
        await handle.close();
      }
      return { ...(replacedStale ? { replacedStale } : {}), release: () => releaseIfOurs(file, owner) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = await readOwner(file);
    if (attempt > 0 || !holder || !isStale(holder)) throw lockedError(dir, file, holder);
    await fs.rm(file, { force: true });
    replacedStale = holder;
  }
}

/** The owner of a lock in dir whose process no longer runs on this host (a backup killed mid-way), if there is one. */
export async function staleLockOwner(dir: string): Promise<LockOwner | undefined> {
  const holder = await readOwner(path.join(dir, LOCK_FILE));
  return holder && isStale(holder) ? holder : undefined;
}

/** Removes the lock only while it is still this run's (after --force swapped DIR, another backup may hold DIR's). */
async function releaseIfOurs(file: string, owner: LockOwner): Promise<void> {
  const holder = await readOwner(file);
  if (holder && holder.pid === owner.pid && holder.host === owner.host && holder.startedAt === owner.startedAt) await fs.rm(file, { force: true });
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    const stat = await fs.lstat(file);
    if (!stat.isFile() || stat.size > 4096) return undefined;
    const value = JSON.parse(await fs.readFile(file, 'utf8')) as LockOwner;
    return Number.isSafeInteger(value?.pid) && typeof value.host === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Only a lock of this host can be judged: its process is gone when signal 0 finds no such process. */
function isStale(owner: LockOwner): boolean {
  if (owner.host !== os.hostname() || owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function lockedError(dir: string, file: string, holder: LockOwner | undefined): RefusedError {
  const who = holder ? ` (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt})` : '';
  return new RefusedError(`backup directory ${dir} is locked by another backup${who}: nothing was written`,
    `Wait for it to finish; if no backup is running${holder && holder.host !== os.hostname() ? ` on ${holder.host}` : ''}, remove ${file}.`);
}
