// Writing a backup directory: 0700, files 0600, each file atomic, manifest.json last. An interrupted or failed backup
// therefore never has a manifest, and a directory without a valid manifest never passes verification.
//
// A BackupTarget holds one directory for one backup: opened before the cluster is read (resolved, created or checked,
// locked), written once, closed. Nothing is written through a symlink: every file and subdirectory is created
// exclusively in a directory this run created or found empty and locked. With --force the new backup is built in a
// fresh directory beside DIR and swapped in by renames; what DIR held is moved aside under a new name, never deleted,
// and refused outright when it is a verifying backup that holds more than the new one. A failed or interrupted backup
// removes exactly what it created.
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileError, InterruptedError, RefusedError } from '../errors.js';
import { writeFileAtomic, syncDir } from './atomic.js';
import { makeDirectories, removeDirectories } from './directories.js';
import { BACKUP_FORMAT, FILES, type Manifest } from './format.js';
import { holdsLess } from './holds-less.js';
import { acquireLock, LOCK_FILE, type Lock } from './lock.js';
import { verifyBackup } from './read.js';

export interface BackupFile { path: string; data: string }

export type ManifestHeader = Omit<Manifest, 'format' | 'files'>;

export interface WrittenBackup {
  manifest: Manifest;
  /** Where --force moved what DIR held before (nothing is deleted). */
  movedAside?: string;
  /** A lock left by a backup that no longer runs, taken over. */
  staleLock?: { pid: number; host: string; startedAt: string };
}

export class BackupTarget {
  private written: string[] = [];
  private subdirs: string[] = [];
  private staging?: string;
  private published = false;

  private constructor(
    /** The directory itself (a symlink given with -d resolved to its target). */
    readonly dir: string,
    private readonly replace: boolean,
    private readonly created: string[],
    private readonly lock: Lock,
  ) {}

  /** Fails fast, before the cluster is read, when the directory cannot be used: not a directory, not empty, locked. */
  static async open(given: string, force: boolean): Promise<BackupTarget> {
    const dir = await resolveDirectory(given);
    let created: string[] = [];
    try {
      created = await makeDirectories(dir);
    } catch (err) {
      if (!(await isDirectory(dir))) throw fileError(err, dir); // another backup may have just created it: the lock decides
    }
    let lock: Lock;
    try {
      lock = await acquireLock(dir);
    } catch (err) {
      await removeDirectories(created);
      throw fileError(err, dir);
    }
    try {
      const entries = (await fs.readdir(dir)).filter((n) => n !== LOCK_FILE);
      if (entries.length && !force) {
        throw new RefusedError(`backup directory ${dir} is not empty`, 'Choose a new directory with -d DIR, or pass --force to replace what it holds (it is moved aside, never deleted).');
      }
      if (!entries.length) await fs.chmod(dir, 0o700);
      return new BackupTarget(dir, entries.length > 0, created, lock);
    } catch (err) {
      await lock.release().catch(() => undefined);
      await removeDirectories(created);
      throw fileError(err, dir);
    }
  }

  async write(files: BackupFile[], header: ManifestHeader, signal?: AbortSignal): Promise<WrittenBackup> {
    try {
      if (this.replace) await this.refuseToReplaceMore(header.counts);
      const root = this.replace ? await this.makeStaging() : this.dir;
      for (const sub of new Set(files.map((f) => path.dirname(f.path)).filter((d) => d !== '.'))) {
        await fs.mkdir(path.join(root, sub), { mode: 0o700 }); // exclusive: an entry planted since the check fails it
        this.subdirs.push(path.join(root, sub));
      }
      const entries = [];
      for (const file of files) {
        if (signal?.aborted) throw signal.reason;
        const target = path.join(root, file.path);
        this.written.push(target);
        await writeFileAtomic(target, file.data);
        const bytes = Buffer.from(file.data);
        entries.push({ path: file.path, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length });
      }
      const manifest: Manifest = { format: BACKUP_FORMAT, ...header, files: entries };
      for (const sub of this.subdirs) await syncDir(sub);
      if (signal?.aborted) throw signal.reason; // interrupted: never write the manifest
      this.written.push(path.join(root, FILES.manifest));
      await writeFileAtomic(path.join(root, FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
      await syncDir(root);
      if (!this.replace) {
        this.published = true;
        return { manifest, ...this.stale() };
      }
      if (signal?.aborted) throw signal.reason;
      const movedAside = await this.swapIn(root);
      return { manifest, movedAside, ...this.stale() };
    } catch (err) {
      throw fileError(err, this.dir);
    }
  }

  /** Releases the lock; unless the backup was published, first removes every file and directory this run created. */
  async close(): Promise<void> {
    if (!this.published) {
      await Promise.all(this.written.map((f) => fs.rm(f, { force: true }).catch(() => undefined)));
      await removeDirectories([...(this.staging ? [this.staging] : []), ...this.subdirs]);
    }
    await this.lock.release().catch(() => undefined);
    if (!this.published) await removeDirectories(this.created);
  }

  private stale(): Pick<WrittenBackup, 'staleLock'> {
    return this.lock.replacedStale ? { staleLock: this.lock.replacedStale } : {};
  }

  private async refuseToReplaceMore(counts: Record<string, number>): Promise<void> {
    const existing = await verifyBackup(this.dir).catch(() => undefined);
    const less = existing ? holdsLess(existing.counts, counts) : [];
    if (less.length) {
      throw new RefusedError(`backup directory ${this.dir} holds a backup that verifies and holds more than this one would (${less.join(', ')}): it is kept, nothing was written`,
        'Keep that backup (after cleanup it may be the only copy of the TPR data). For a new backup, choose another directory with -d DIR.');
    }
  }

  /** A fresh directory beside DIR (same file system, so the swap is two renames). */
  private async makeStaging(): Promise<string> {
    const staging = path.join(path.dirname(this.dir), `.${path.basename(this.dir)}.new-${randomBytes(4).toString('hex')}`);
    await fs.mkdir(staging, { mode: 0o700 });
    this.staging = staging;
    return staging;
  }

  /** DIR → DIR.replaced-<UTC timestamp>, then the staged backup → DIR; the old contents move back if the second fails. */
  private async swapIn(staging: string): Promise<string> {
    const aside = await freeName(`${this.dir}.replaced-${utcStamp(new Date())}`);
    await fs.rename(this.dir, aside);
    try {
      await fs.rename(staging, this.dir);
    } catch (err) {
      await fs.rename(aside, this.dir);
      throw err;
    }
    this.published = true;
    await fs.rm(path.join(aside, LOCK_FILE), { force: true }); // our lock moved with the old contents
    await syncDir(path.dirname(this.dir));
    return aside;
  }
}

/** The directory -d names: itself, or the directory a symlink points to; absent is fine (it is created). */
async function resolveDirectory(dir: string): Promise<string> {
  const stat = await fs.lstat(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw fileError(err, dir);
  });
  if (!stat) return dir;
  if (stat.isDirectory()) return dir;
  if (stat.isSymbolicLink() && (await isDirectory(dir))) return fs.realpath(dir);
  throw new FileError(`backup directory ${dir} exists and is not a directory`, 'Choose another path with -d DIR.');
}

async function isDirectory(dir: string): Promise<boolean> {
  return (await fs.stat(dir).catch(() => undefined))?.isDirectory() ?? false;
}

async function freeName(base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    if (!(await fs.lstat(name).catch(() => undefined))) return name;
  }
}

const utcStamp = (d: Date): string => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

export function fileError(err: unknown, where: string): Error {
  if (err instanceof FileError || err instanceof RefusedError || err instanceof InterruptedError) return err;
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'EACCES': case 'EPERM':
      return new FileError(`cannot write the backup to ${where}: permission denied`, 'Choose a writable directory with -d DIR.');
    case 'EROFS':
      return new FileError(`cannot write the backup to ${where}: read-only file system`, 'Choose a writable directory with -d DIR.');
    case 'ENOSPC': case 'EDQUOT':
      return new FileError(`cannot write the backup to ${where}: no space left on the device`, 'Free some space or choose another disk with -d DIR; nothing partial was kept.');
    case 'ENOTDIR':
      return new FileError(`cannot write the backup to ${where}: a path component is not a directory`, 'Choose another path with -d DIR.');
    case 'EEXIST': case 'ELOOP':
      return new FileError(`cannot write the backup to ${where}: ${e.path ? path.basename(e.path) : 'an entry'} appeared in it while the backup was written`, 'Make sure nothing else writes there, and choose a new directory with -d DIR.');
    case 'ENOENT':
      return new FileError(`cannot write the backup to ${where}: the directory cannot be created there (no such file or directory)`, 'Choose a directory on a writable file system with -d DIR.');
    default:
      return new FileError(`cannot write the backup to ${where}: ${e.message}`);
  }
}
