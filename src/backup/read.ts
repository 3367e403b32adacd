// Reading a backup: nothing is trusted until checked. The manifest's format, every path (no "..", no absolute
// paths, no symlinks, only the files the format defines), every size and every sha256 are verified before any object
// is loaded, and loaded objects must be of the kind their file holds.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileError } from '../errors.js';
import { CALICO_KINDS } from '../calico/kinds.js';
import type { KubeObject, TprObject } from '../calico/types.js';
import { emptyTprObjects } from '../cluster/tprs.js';
import { BACKUP_FORMAT, FILES, tprDataFile, type BackupContent, type Manifest, type NodeAnnotationsEntry, type RbacBackup } from './format.js';

const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_FILE_BYTES = 512 * 1024 * 1024;

const KNOWN_FILES = new Set<string>([
  FILES.ippoolView, FILES.bgppeerView, FILES.felixView, FILES.bgpConfigView, FILES.definitions, FILES.nodes, FILES.rbac,
  ...CALICO_KINDS.map((k) => tprDataFile(k.tpr.plural, k.tpr.group)),
]);

export class BackupError extends FileError {
  constructor(dir: string, problem: string) {
    super(`backup ${dir} cannot be used: ${problem}`, 'Use an intact backup made by "kubectl calico-migrate backup" (a backup is never repaired or partly trusted).');
  }
}

/** Verifies the manifest and every file's size and checksum; returns the manifest. */
export async function verifyBackup(dir: string): Promise<Manifest> {
  return (await readVerified(dir)).manifest;
}

/** The manifest and the bytes of every file it lists, each checked once, so what is loaded is what was verified. */
async function readVerified(given: string): Promise<{ manifest: Manifest; contents: Map<string, Buffer> }> {
  const dir = await backupDirectory(given);
  const manifest = await readManifest(dir);
  const contents = new Map<string, Buffer>();
  for (const entry of manifest.files) {
    if (contents.has(entry.path)) throw new BackupError(dir, `${entry.path} is listed twice in manifest.json`);
    const data = await readChecked(dir, entry.path, entry.size);
    const sha = createHash('sha256').update(data).digest('hex');
    if (sha !== entry.sha256) throw new BackupError(dir, `${entry.path} does not match its checksum in manifest.json (modified or corrupted)`);
    contents.set(entry.path, data);
  }
  for (const required of [FILES.definitions, FILES.nodes, FILES.rbac]) {
    if (!contents.has(required)) throw new BackupError(dir, `manifest.json does not list ${required}`);
  }
  return { manifest, contents };
}

/** Verifies, then loads every object the backup holds. */
export async function loadBackup(dir: string): Promise<BackupContent> {
  const { manifest, contents } = await readVerified(dir);
  const listed = new Set(contents.keys());
  const json = async <T>(file: string): Promise<T> => {
    const text = (contents.get(file) ?? Buffer.alloc(0)).toString('utf8');
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new BackupError(dir, `${file} is not valid JSON`);
    }
  };
  const definitions = itemsOf(await json<unknown>(FILES.definitions), dir, FILES.definitions, 'ThirdPartyResource');
  const objects = emptyTprObjects();
  for (const { tpr } of CALICO_KINDS) {
    const file = tprDataFile(tpr.plural, tpr.group);
    if (listed.has(file)) objects[tpr.kind] = itemsOf(await json<unknown>(file), dir, file, tpr.kind) as TprObject[];
  }
  const nodes = await json<NodeAnnotationsEntry[]>(FILES.nodes);
  if (!Array.isArray(nodes) || nodes.some((n) => typeof n?.node !== 'string' || typeof n.annotations !== 'object')) {
    throw new BackupError(dir, `${FILES.nodes} does not hold node annotations`);
  }
  const rbac = await json<RbacBackup>(FILES.rbac);
  if (!rbac || !Array.isArray(rbac.roles) || rbac.roles.some((r) => r?.kind !== 'ClusterRole')) {
    throw new BackupError(dir, `${FILES.rbac} does not hold ClusterRoles`);
  }
  return { manifest, definitions, objects, nodes, rbac };
}

/** The directory itself, or the one a symlink given as DIR points to; symlinks inside it are refused file by file. */
async function backupDirectory(dir: string): Promise<string> {
  const stat = await fs.lstat(dir).catch(() => undefined);
  return stat?.isSymbolicLink() ? fs.realpath(dir).catch(() => dir) : dir;
}

async function readManifest(dir: string): Promise<Manifest> {
  const file = path.join(dir, FILES.manifest);
  const stat = await fs.lstat(file).catch((err: NodeJS.ErrnoException) => {
    throw new BackupError(dir, err.code === 'ENOENT' ? 'manifest.json is missing (an incomplete or interrupted backup)' : err.message);
  });
  if (!stat.isFile()) throw new BackupError(dir, 'manifest.json is not a regular file');
  if (stat.size > MAX_MANIFEST_BYTES) throw new BackupError(dir, 'manifest.json is too large');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await fs.readFile(file, 'utf8')) as Manifest;
  } catch {
    throw new BackupError(dir, 'manifest.json is not valid JSON');
  }
  if (manifest?.format !== BACKUP_FORMAT) {
    throw new BackupError(dir, `unsupported format ${JSON.stringify(manifest?.format)} (this version reads ${BACKUP_FORMAT})`);
  }
  if (!Array.isArray(manifest.files) || !manifest.cluster || typeof manifest.counts !== 'object') {
    throw new BackupError(dir, 'manifest.json lacks files, cluster or counts');
  }
  for (const entry of manifest.files) {
    if (typeof entry?.path !== 'string' || !KNOWN_FILES.has(entry.path)) {
      throw new BackupError(dir, `manifest.json lists an unexpected file ${JSON.stringify(entry?.path)}`);
    }
    if (!/^[0-9a-f]{64}$/.test(String(entry.sha256)) || !Number.isSafeInteger(entry.size) || entry.size < 0) {
      throw new BackupError(dir, `manifest.json has a malformed entry for ${entry.path}`);
    }
  }
  return manifest;
}

/** Reads one file of the backup: a regular file (not a symlink) inside the directory, of the expected size. */
async function readChecked(dir: string, relative: string, expectedSize?: number): Promise<Buffer> {
  if (!KNOWN_FILES.has(relative) || path.isAbsolute(relative) || relative.split(/[\\/]/).includes('..')) {
    throw new BackupError(dir, `refusing the path ${JSON.stringify(relative)}`);
  }
  const file = path.join(dir, relative);
  const parent = await fs.lstat(path.dirname(file)).catch(() => undefined);
  if (parent && !parent.isDirectory()) throw new BackupError(dir, `${path.dirname(relative)} is not a directory`);
  const stat = await fs.lstat(file).catch((err: NodeJS.ErrnoException) => {
    throw new BackupError(dir, err.code === 'ENOENT' ? `${relative} is missing` : `${relative}: ${err.message}`);
  });
  if (stat.isSymbolicLink()) throw new BackupError(dir, `${relative} is a symbolic link`);
  if (!stat.isFile()) throw new BackupError(dir, `${relative} is not a regular file`);
  if (stat.size > MAX_FILE_BYTES) throw new BackupError(dir, `${relative} is larger than ${MAX_FILE_BYTES} bytes`);
  if (expectedSize !== undefined && stat.size !== expectedSize) {
    throw new BackupError(dir, `${relative} has ${stat.size} bytes, manifest.json says ${expectedSize} (truncated or modified)`);
  }
  return fs.readFile(file);
}

function itemsOf(value: unknown, dir: string, file: string, kind: string): KubeObject[] {
  const items = (value as { items?: unknown })?.items;
  if (!Array.isArray(items)) throw new BackupError(dir, `${file} is not a List`);
  for (const item of items as KubeObject[]) {
    if (item?.kind !== kind || typeof item.metadata?.name !== 'string') {
      throw new BackupError(dir, `${file} holds an object that is not a ${kind} (${JSON.stringify(item?.kind)})`);
    }
  }
  return items as KubeObject[];
}
