// A target's release archive: the binary, LICENSE (krew-index requires a license among the installed files) and the
// kubectl completion helper, all regular files at the top level; tar.gz, or zip for Windows.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { helperCmd, helperSh } from '../../src/completion/scripts/helper.js';
import { HELPER } from '../../src/completion/shells.js';
import { ROOT } from './project.js';
import { tarGz, type FileEntry } from './tar.js';
import { archiveName, binaryName, type Target } from './targets.js';
import { zip } from './zip.js';

export interface Archive { file: string; path: string; sha256: string; size: number }

export function archiveEntries(target: Target, binary: string): FileEntry[] {
  const windows = target.os === 'windows';
  return [
    { name: binaryName(target), mode: 0o755, data: readFileSync(binary) },
    { name: 'LICENSE', mode: 0o644, data: readFileSync(join(ROOT, 'LICENSE')) },
    windows
      ? { name: `${HELPER}.cmd`, mode: 0o755, data: Buffer.from(helperCmd()) }
      : { name: HELPER, mode: 0o755, data: Buffer.from(helperSh()) },
  ];
}

export async function writeArchive(target: Target, binary: string, outDir: string): Promise<Archive> {
  const entries = archiveEntries(target, binary);
  const bytes = await (target.os === 'windows' ? zip(entries) : tarGz(entries));
  const file = archiveName(target);
  const path = join(outDir, file);
  writeFileSync(path, bytes);
  return { file, path, sha256: sha256(bytes), size: bytes.length };
}

export const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
