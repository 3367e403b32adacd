// What `kubectl krew install --manifest=M --archive=A` does, for a KREW_ROOT in a temporary directory (krew itself
// cannot be installed here): pick the platform for os/arch, check the archive's sha256, extract it with krew's
// restrictions (regular files and directories only, no "..", no absolute paths), apply `files`, require a LICENSE
// (krew-index CI), and link bin/kubectl-<name> to the entry point.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { LICENSE_NAMES, selectorMatches, type Manifest } from '../../../scripts/dist/krew.js';
import { readTar } from '../../../scripts/dist/tar.js';
import { readZip } from '../../../scripts/dist/zip.js';

export interface Installed { installDir: string; link: string; files: string[] }

export function krewInstall(manifest: Manifest, os: string, arch: string, archivePath: string, krewRoot: string): Installed {
  const platforms = manifest.spec.platforms.filter((p) => selectorMatches(p.selector, os, arch));
  if (platforms.length !== 1) throw new Error(`${platforms.length} platforms match ${os}/${arch}`);
  const platform = platforms[0] as Manifest['spec']['platforms'][number];
  const data = readFileSync(archivePath);
  const sum = createHash('sha256').update(data).digest('hex');
  if (sum !== platform.sha256) throw new Error(`checksum does not match: archive ${sum}, manifest ${platform.sha256}`);

  const staging = mkdtempSync(join(tmpdir(), 'krew-extract-'));
  for (const e of entriesOf(data)) {
    if (e.name.split(/[/\\]/).includes('..') || /^[/\\]/.test(e.name)) throw new Error(`refusing archive entry ${e.name}`);
    const to = join(staging, e.name);
    if (e.dir) { mkdirSync(to, { recursive: true }); continue; }
    mkdirSync(dirname(to), { recursive: true });
    writeFileSync(to, e.data);
    chmodSync(to, e.mode);
  }

  const name = manifest.metadata.name;
  const installDir = join(krewRoot, 'store', name, manifest.spec.version);
  mkdirSync(installDir, { recursive: true });
  // krew's default is every top-level entry (from "*" to "."); `from` is a filepath.Glob, `to` a directory.
  for (const op of platform.files ?? [{ from: '*', to: '.' }]) {
    const pattern = new RegExp(`^${op.from.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
    const matches = atDepth(staging, op.from.split('/').length).filter((f) => pattern.test(f));
    if (!matches.length) throw new Error(`files: nothing in the archive matches ${op.from}`);
    for (const m of matches) {
      const target = join(installDir, op.to, basename(m));
      mkdirSync(dirname(target), { recursive: true });
      renameSync(join(staging, m), target);
    }
  }

  const files = walk(installDir).map((f) => relative(installDir, f));
  if (!files.some((f) => LICENSE_NAMES.includes(basename(f).toLowerCase()))) {
    throw new Error(`LICENSE (or alike) file is not extracted from the archive; installed: ${files.join(', ')}`);
  }
  const bin = join(installDir, platform.bin);
  if (!existsSync(bin) || !statSync(bin).isFile()) throw new Error(`bin ${platform.bin} is not among the installed files: ${files.join(', ')}`);
  if (os !== 'windows' && (statSync(bin).mode & 0o111) === 0) throw new Error(`bin ${platform.bin} is not executable`);

  const link = join(krewRoot, 'bin', `kubectl-${name.replaceAll('-', '_')}${os === 'windows' ? '.exe' : ''}`);
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(bin, link);
  return { installDir, link, files };
}

interface Entry { name: string; dir: boolean; mode: number; data: Buffer }

// krew sniffs the type from the first bytes, not the file name, and knows only gzip'd tar and zip.
function entriesOf(data: Buffer): Entry[] {
  if (data[0] === 0x1f && data[1] === 0x8b) {
    return readTar(data).map((e) => {
      if (e.type !== '0' && e.type !== '5') throw new Error(`unable to handle file type ${e.type} for ${e.name} in tar`);
      return { name: e.name, dir: e.type === '5', mode: e.mode, data: e.data };
    });
  }
  if (data.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    return readZip(data).map((e) => {
      if (e.isSymlink) throw new Error(`unable to handle symlink ${e.name} in zip`);
      return { name: e.name, dir: e.name.endsWith('/'), mode: e.mode || 0o644, data: e.data };
    });
  }
  throw new Error('archive type not supported: krew accepts tar.gz and zip');
}

/** Relative paths of the entries `depth` levels down, as a glob with that many segments sees them. */
function atDepth(dir: string, depth: number, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((d) => {
    const rel = prefix ? `${prefix}/${d.name}` : d.name;
    if (depth === 1) return [rel];
    return d.isDirectory() ? atDepth(dir, depth - 1, rel) : [];
  });
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]));
}
