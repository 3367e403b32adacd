// The name backup and run give a backup directory when -d is not given, and finding the newest such directory of a
// context again (where migrate and rbac, which take no directory, append their audit record).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FILES } from './format.js';

const PREFIX = 'calico-backup-';
const STAMP = /^\d{8}T\d{6}Z$/;

/** calico-backup-<context>-<UTC timestamp>, e.g. calico-backup-prod-20170830T101500Z */
export function defaultDirectory(context: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${PREFIX}${safeContext(context)}-${stamp}`;
}

/** The newest calico-backup-<context>-<timestamp> in `cwd` that holds a finished backup (its manifest), if any. */
export async function newestDefaultDirectory(cwd: string, context: string): Promise<string | undefined> {
  const prefix = `${PREFIX}${safeContext(context)}-`;
  const names = (await fs.readdir(cwd).catch(() => [] as string[]))
    .filter((n) => n.startsWith(prefix) && STAMP.test(n.slice(prefix.length)))
    .sort()
    .reverse();
  for (const name of names) if (await holdsBackup(path.join(cwd, name))) return path.join(cwd, name);
  return undefined;
}

/** A finished backup is there: its manifest (written last) is (verifying it is for whoever reads the backup). */
export async function holdsBackup(dir: string): Promise<boolean> {
  return (await fs.lstat(path.join(dir, FILES.manifest)).catch(() => undefined))?.isFile() ?? false;
}

const safeContext = (context: string): string => (context || 'cluster').replace(/[^A-Za-z0-9._-]+/g, '_');
