// The archive writers: what krew extracts (regular files, modes, names), read back by independent tools (GNU tar,
// Python's zipfile), and byte-identical output for identical input (reproducible releases).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { archiveEntries, sha256, writeArchive } from '../../scripts/dist/archive.js';
import { ROOT } from '../../scripts/dist/project.js';
import { readTar, tarGz, type FileEntry } from '../../scripts/dist/tar.js';
import { TARGETS } from '../../scripts/dist/targets.js';
import { readZip, zip } from '../../scripts/dist/zip.js';

const work = mkdtempSync(join(tmpdir(), 'archive-test-'));
const fakeBinary = join(work, 'fake-binary');
writeFileSync(fakeBinary, Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 251)));
const target = (id: string) => TARGETS.find((t) => t.id === id) as (typeof TARGETS)[number];

const ENTRIES: FileEntry[] = [
  { name: 'b-file', mode: 0o755, data: Buffer.from('#!/bin/sh\necho b\n') },
  { name: 'a-file', mode: 0o644, data: Buffer.alloc(1000, 1) },
  { name: 'empty', mode: 0o600, data: Buffer.alloc(0) },
];

test('tar.gz: GNU tar reads it as regular files in name order, owner 0:0, mtime 0, the given modes', async () => {
  const path = join(work, 'x.tar.gz');
  writeFileSync(path, await tarGz(ENTRIES));
  const listing = execFileSync('tar', ['--numeric-owner', '-tvzf', path], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
  assert.equal(listing.trim().split('\n').map((l) => l.split(/\s+/)), [
    ['-rw-r--r--', '0/0', '1000', '1970-01-01', '00:00', 'a-file'],
    ['-rwxr-xr-x', '0/0', '17', '1970-01-01', '00:00', 'b-file'],
    ['-rw-------', '0/0', '0', '1970-01-01', '00:00', 'empty'],
  ]);
  const out = join(work, 'x-out');
  mkdirSync(out);
  execFileSync('tar', ['-xzf', path, '-C', out]);
  assert.equal(readFileSync(join(out, 'b-file')), ENTRIES[0]?.data);
  assert.equal(readTar(readFileSync(path)).map((e) => [e.name, e.type, e.mode, e.data.length]), [['a-file', '0', 0o644, 1000], ['b-file', '0', 0o755, 17], ['empty', '0', 0o600, 0]]);
});

test('zip: Python\'s zipfile reads it back with the Unix modes and contents', async () => {
  const path = join(work, 'x.zip');
  writeFileSync(path, await zip(ENTRIES));
  const script = 'import sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nfor i in z.infolist(): print(i.filename, oct(i.external_attr>>16), i.file_size, i.date_time[0])';
  const out = execFileSync('python3', ['-c', script, path], { encoding: 'utf8' });
  assert.equal(out.trim().split('\n'), ['a-file 0o100644 1000 1980', 'b-file 0o100755 17 1980', 'empty 0o100600 0 1980']);
  assert.equal(readZip(readFileSync(path)).map((e) => [e.name, e.mode, e.isSymlink, e.data.length]), [['a-file', 0o644, false, 1000], ['b-file', 0o755, false, 17], ['empty', 0o600, false, 0]]);
});

test('the same input gives byte-identical archives, whatever the order it is given in', async () => {
  assert.is(sha256(await tarGz(ENTRIES)), sha256(await tarGz([...ENTRIES].reverse())));
  assert.is(sha256(await zip(ENTRIES)), sha256(await zip([...ENTRIES].reverse())));
  const a = await writeArchive(target('linux-arm64'), fakeBinary, work);
  const b = await writeArchive(target('linux-arm64'), fakeBinary, work);
  assert.is(a.sha256, b.sha256);
  assert.is(a.sha256, sha256(readFileSync(a.path)));
});

test('every target\'s archive: the binary, LICENSE and the completion helper; zip and .exe/.cmd for Windows', async () => {
  for (const t of TARGETS) {
    const names = archiveEntries(t, fakeBinary).map((e) => e.name).sort();
    const windows = t.os === 'windows';
    assert.equal(names, windows
      ? ['LICENSE', 'kubectl-calico_migrate.exe', 'kubectl_complete-calico_migrate.cmd']
      : ['LICENSE', 'kubectl-calico_migrate', 'kubectl_complete-calico_migrate'], t.id);
    const archive = await writeArchive(t, fakeBinary, work);
    assert.is(archive.file, `kubectl-calico_migrate-${t.id}.${windows ? 'zip' : 'tar.gz'}`);
    // krew sniffs the type from the first bytes: gzip or zip.
    assert.equal([...readFileSync(archive.path).subarray(0, 2)], windows ? [0x50, 0x4b] : [0x1f, 0x8b], t.id);
  }
  const cmd = archiveEntries(target('windows-amd64'), fakeBinary).find((e) => e.name.endsWith('.cmd'))?.data.toString() ?? '';
  assert.match(cmd, /\r\nkubectl-calico_migrate\.exe completion __complete -- %\*\r\n$/);
  assert.not.match(cmd.replaceAll('\r\n', ''), /\n/);
  assert.equal(archiveEntries(target('linux-amd64'), fakeBinary).find((e) => e.name === 'LICENSE')?.data, readFileSync(join(ROOT, 'LICENSE')));
});

test.after(() => rmSync(work, { recursive: true, force: true }));

test.run();
