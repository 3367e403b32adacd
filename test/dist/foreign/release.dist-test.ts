// npm run test:dist: the release in dist/ (npm run dist) as krew and a user would check it: SHA256SUMS with
// sha256sum -c, the manifest against every krew rule and every archive, a krew-style install of each platform, the
// binaries' formats (vendor signature removed, SEA blob injected, fuse flipped; darwin/arm64 signed ad hoc), and a
// second build byte-identical.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { validateManifest, type Manifest } from '../../../scripts/dist/krew.js';
import { defaultBaseUrl } from '../../../scripts/dist/manifest.js';
import { DIST, PLUGIN_VERSION, ROOT } from '../../../scripts/dist/project.js';
import { SEA_FUSE } from '../../../scripts/dist/sea.js';
import { readTar } from '../../../scripts/dist/tar.js';
import { readZip } from '../../../scripts/dist/zip.js';
import { verifySignature } from '../support/code-signature.js';
import { krewInstall } from '../support/krew-install.js';

const work = mkdtempSync(join(tmpdir(), 'release-test-'));
test.after(() => rmSync(work, { recursive: true, force: true }));

const manifestText = readFileSync(join(DIST, 'calico-migrate.yaml'), 'utf8');
const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const ARCHIVES = ['darwin-amd64.tar.gz', 'darwin-arm64.tar.gz', 'linux-amd64.tar.gz', 'linux-arm64.tar.gz', 'windows-amd64.zip', 'windows-arm64.zip']
  .map((s) => `kubectl-calico_migrate-${s}`);
const SIX = ['darwin/amd64', 'darwin/arm64', 'linux/amd64', 'linux/arm64', 'windows/amd64', 'windows/arm64'];

test('SHA256SUMS lists every archive and passes sha256sum -c', () => {
  const listed = readFileSync(join(DIST, 'SHA256SUMS'), 'utf8').trim().split('\n').map((l) => l.split('  ')[1]);
  assert.equal(listed, ARCHIVES);
  assert.equal(readdirSync(DIST).filter((f) => /\.(tar\.gz|zip)$/.test(f)).sort(), ARCHIVES);
  const r = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: DIST, encoding: 'utf8' });
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.equal(r.stdout.trim().split('\n'), ARCHIVES.map((a) => `${a}: OK`));
});

test('calico-migrate.yaml passes every krew rule, covers the six platforms, each with its own archive', () => {
  const result = validateManifest(manifestText, 'calico-migrate.yaml');
  assert.equal(result.errors, []);
  assert.equal(result.covered.sort(), SIX);
  assert.is(readFileSync(join(DIST, 'plugin.yaml'), 'utf8'), manifestText);
  const manifest = result.manifest as Manifest;
  assert.is(manifest.spec.version, PLUGIN_VERSION);
  const base = defaultBaseUrl(readFileSync(join(ROOT, 'plugin.yaml'), 'utf8'), PLUGIN_VERSION);
  for (const p of manifest.spec.platforms) {
    const file = join(DIST, basename(p.uri));
    assert.is(p.uri, `${base}/${basename(p.uri)}`);
    assert.ok(existsSync(file), file);
    assert.is(sha256(file), p.sha256, p.uri);
  }
  assert.equal(manifest.spec.platforms.map((p) => basename(p.uri)).sort(), ARCHIVES);
});

test('each platform installs krew-style, with LICENSE, the binary and the completion helper', () => {
  const manifest = validateManifest(manifestText, 'calico-migrate.yaml').manifest as Manifest;
  for (const pair of SIX) {
    const [os, arch] = pair.split('/') as [string, string];
    const platform = manifest.spec.platforms.find((p) => p.selector.matchLabels?.os === os && p.selector.matchLabels?.arch === arch);
    const installed = krewInstall(manifest, os, arch, join(DIST, basename(platform?.uri ?? '')), join(work, pair.replace('/', '-')));
    const exe = os === 'windows' ? '.exe' : '';
    assert.equal(installed.files.sort(), ['LICENSE', `kubectl-calico_migrate${exe}`, `kubectl_complete-calico_migrate${os === 'windows' ? '.cmd' : ''}`], pair);
    assert.is(basename(installed.link), `kubectl-calico_migrate${exe}`);
  }
});

const binaryOf = (archive: string): Buffer => {
  const data = readFileSync(join(DIST, archive));
  const entries = archive.endsWith('.zip') ? readZip(data) : readTar(data);
  return (entries.find((e) => e.name.startsWith('kubectl-calico_migrate')) as { data: Buffer }).data;
};
const fuseFlipped = (b: Buffer): boolean => b.includes(`${SEA_FUSE}:1`) && !b.includes(`${SEA_FUSE}:0`);

test('linux binaries: ELF for x86-64 and AArch64, stripped, SEA fuse flipped', () => {
  for (const [archive, machine] of [['kubectl-calico_migrate-linux-amd64.tar.gz', 62], ['kubectl-calico_migrate-linux-arm64.tar.gz', 183]] as const) {
    const b = binaryOf(archive);
    assert.equal([...b.subarray(0, 4)], [0x7f, 0x45, 0x4c, 0x46], archive);
    assert.is(b.readUInt16LE(18), machine, archive);
    assert.not.ok(b.includes('.symtab\0'), `${archive} is stripped`);
    assert.ok(fuseFlipped(b), archive);
  }
});

function machOCommands(b: Buffer): { segments: string[]; kinds: number[] } {
  const segments: string[] = [];
  const kinds: number[] = [];
  for (let i = 0, at = 32; i < b.readUInt32LE(16); i++) {
    const cmd = b.readUInt32LE(at);
    kinds.push(cmd);
    if (cmd === 0x19) segments.push(b.subarray(at + 8, at + 24).toString('latin1').replace(/\0+$/, ''));  // LC_SEGMENT_64
    at += b.readUInt32LE(at + 4);
  }
  return { segments, kinds };
}

test('darwin/amd64 binary: x86_64 Mach-O with a NODE_SEA segment and no code signature (a broken one is worse)', () => {
  const b = binaryOf('kubectl-calico_migrate-darwin-amd64.tar.gz');
  assert.is(b.readUInt32LE(0), 0xfeedfacf);
  assert.is(b.readUInt32LE(4), 0x01000007);       // CPU_TYPE_X86_64
  const { segments, kinds } = machOCommands(b);
  assert.ok(segments.includes('NODE_SEA'), segments.join());
  assert.not.ok(kinds.includes(0x1d), 'LC_CODE_SIGNATURE removed');
  assert.ok(fuseFlipped(b));
});

test('darwin/arm64 binary: arm64 Mach-O with a NODE_SEA segment and a valid ad-hoc signature over all of it', () => {
  const b = binaryOf('kubectl-calico_migrate-darwin-arm64.tar.gz');
  assert.is(b.readUInt32LE(4), 0x0100000c);       // CPU_TYPE_ARM64
  assert.ok(machOCommands(b).segments.includes('NODE_SEA'));
  assert.ok(fuseFlipped(b));
  const verdict = verifySignature(b);
  assert.equal(verdict.problems, []);
  const cd = verdict.signature.codeDirectory;
  assert.is(cd.flags, 0x2);                       // CS_ADHOC: no certificate, no team, no hardened runtime
  assert.is(cd.identifier, 'kubectl-calico_migrate');
  assert.is(cd.teamId, undefined);
  assert.is(cd.pageSize, 4096);
  assert.is(cd.codeSlots.length, Math.ceil(verdict.signature.dataoff / 4096));
  // The signature covers the injected blob: the NODE_SEA segment lies before the code limit.
  const sea = verdict.signature.segments.find((s) => s.name === 'NODE_SEA');
  assert.ok(sea && sea.fileoff + sea.filesize <= cd.codeLimit);
});

const peOf = (archive: string): { machine: number; certificateTableSize: number; fuse: boolean } => {
  const b = binaryOf(archive);
  const pe = b.readUInt32LE(0x3c);
  assert.is(b.toString('latin1', pe, pe + 4), 'PE\0\0');
  const optional = pe + 24;
  assert.is(b.readUInt16LE(optional), 0x20b);      // PE32+
  // Data directory 4 is the certificate table: its size is 0 once the signature is gone.
  return { machine: b.readUInt16LE(pe + 4), certificateTableSize: b.readUInt32LE(optional + 112 + 4 * 8 + 4), fuse: fuseFlipped(b) };
};

test('windows binaries: PE32+ for x86-64 and ARM64, Authenticode signature removed, SEA fuse flipped', () => {
  assert.equal(peOf('kubectl-calico_migrate-windows-amd64.zip'), { machine: 0x8664, certificateTableSize: 0, fuse: true });
  assert.equal(peOf('kubectl-calico_migrate-windows-arm64.zip'), { machine: 0xaa64, certificateTableSize: 0, fuse: true });
});

test('reproducible: two more builds of the same bundle, from other directories, give byte-identical archives', () => {
  const sums: string[] = [];
  for (const [out, bundleName] of [['a', 'bundle.cjs'], ['elsewhere/b', 'renamed.cjs']]) {
    const bundle = join(work, `${out}-src`, bundleName);
    mkdirSync(dirname(bundle), { recursive: true });
    copyFileSync(join(DIST, 'bundle.cjs'), bundle);
    execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'dist.ts'), '--skip-typecheck', '--bundle', bundle, '--out', join(work, out)], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    sums.push(readFileSync(join(work, out, 'SHA256SUMS'), 'utf8'));
  }
  assert.is(sums[0]?.trim().split('\n').length, ARCHIVES.length);
  assert.is(sums[0], sums[1]);
});

test.run();
