// Writing a backup directory: 0700, files 0600, each file atomic, manifest.json last. An interrupted or failed backup
// therefore never has a manifest, and a directory without a valid manifest never passes verification.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileError, InterruptedError, RefusedError } from '../cli/errors.js';
import { writeFileAtomic, syncDir } from './atomic.js';
import { BACKUP_FORMAT, FILES, type Manifest } from './format.js';

export interface BackupFile { path: string; data: string }

export type ManifestHeader = Omit<Manifest, 'format' | 'files'>;

export async function writeBackup(dir: string, files: BackupFile[], header: ManifestHeader, opts: { force: boolean; signal?: AbortSignal }): Promise<Manifest> {
  const created = await prepareDirectory(dir, opts.force);
  const written: string[] = [];
  try {
    for (const sub of new Set(files.map((f) => path.dirname(f.path)).filter((d) => d !== '.'))) {
      await fs.mkdir(path.join(dir, sub), { recursive: true, mode: 0o700 });
    }
    const entries = [];
    for (const file of files) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      const target = path.join(dir, file.path);
      await writeFileAtomic(target, file.data);
      written.push(target);
      const bytes = Buffer.from(file.data);
      entries.push({ path: file.path, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length });
    }
    const manifest: Manifest = { format: BACKUP_FORMAT, ...header, files: entries };
    for (const sub of new Set(files.map((f) => path.dirname(f.path)))) await syncDir(path.join(dir, sub));
    if (opts.signal?.aborted) throw opts.signal.reason; // interrupted: never write the manifest
    await writeFileAtomic(path.join(dir, FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
    await syncDir(dir);
    return manifest;
  } catch (err) {
    await Promise.all(written.map((f) => fs.rm(f, { force: true })));
    if (created) await fs.rm(dir, { recursive: true, force: true });
    throw fileError(err, dir);
  }
}

/** Creates the directory 0700, or accepts an existing empty one (any non-empty one only with --force). */
async function prepareDirectory(dir: string, force: boolean): Promise<boolean> {
  let stat;
  try {
    stat = await fs.lstat(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw fileError(err, dir);
    try {
      await mkdirRevealingCause(dir);
      await fs.chmod(dir, 0o700);
    } catch (mkErr) {
      throw fileError(mkErr, dir);
    }
    return true;
  }
  if (!stat.isDirectory()) throw new FileError(`backup directory ${dir} exists and is not a directory`, 'Choose another path with -d DIR.');
  const entries = await fs.readdir(dir).catch((err) => { throw fileError(err, dir); });
  if (entries.length && !force) {
    throw new RefusedError(`backup directory ${dir} is not empty`, 'Choose a new directory with -d DIR, or pass --force to write into it.');
  }
  // A forced backup first drops the old manifest, so an interruption cannot leave old checksums over new files.
  await fs.rm(path.join(dir, FILES.manifest), { force: true }).catch((err) => { throw fileError(err, dir); });
  await fs.chmod(dir, 0o700).catch((err) => { throw fileError(err, dir); });
  return false;
}

// Node's recursive mkdir reports ENOENT for causes such as a read-only file system; the plain mkdir of the last
// component tells the truth when the parent exists.
async function mkdirRevealingCause(dir: string): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await fs.mkdir(dir, { mode: 0o700 });
    throw err;
  }
}

/** Fails fast, before the cluster is read, when the directory can never be used (not a directory, not empty). */
export async function checkBackupTarget(dir: string, force: boolean): Promise<void> {
  const stat = await fs.lstat(dir).catch(() => undefined);
  if (!stat) return;
  if (!stat.isDirectory()) throw new FileError(`backup directory ${dir} exists and is not a directory`, 'Choose another path with -d DIR.');
  if (!force && (await fs.readdir(dir)).length) {
    throw new RefusedError(`backup directory ${dir} is not empty`, 'Choose a new directory with -d DIR, or pass --force to write into it.');
  }
}

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
    case 'ENOTDIR': case 'EEXIST':
      return new FileError(`cannot write the backup to ${where}: a path component is not a directory`, 'Choose another path with -d DIR.');
    default:
      return new FileError(`cannot write the backup to ${where}: ${e.message}`);
  }
}
