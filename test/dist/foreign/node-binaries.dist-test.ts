// npm run test:dist: the official Node binaries the release starts from (npm pack, as npm run dist fetched them) are
// what their packages claim: the pinned version, their architecture, and for macOS the Node.js Foundation's Apple
// signature, intact. Then the ad-hoc signer over Node's own signed darwin/arm64 binary must agree with Apple's
// signature: the same code limit, page size and executable segment, and the same hash for every page it left as it was.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adHocSign } from '../../../scripts/dist/macho-sign.js';
import { nodeBinary } from '../../../scripts/dist/node-binary.js';
import { NODE_VERSION } from '../../../scripts/dist/project.js';
import { TARGETS, type Target } from '../../../scripts/dist/targets.js';
import { verifySignature, type Verdict } from '../support/code-signature.js';

const work = mkdtempSync(join(tmpdir(), 'node-binaries-test-'));
test.after(() => rmSync(work, { recursive: true, force: true }));

const target = (id: string): Target => TARGETS.find((t) => t.id === id) as Target;
const node = (id: string): Buffer => readFileSync(nodeBinary(target(id)));

/** The machine each binary's header names: ELF e_machine, Mach-O cputype, PE machine. */
function machine(b: Buffer): string {
  if (b.readUInt32BE(0) === 0x7f454c46) return `elf:${b.readUInt16LE(18)}`;
  if (b.readUInt32LE(0) === 0xfeedfacf) return `macho:${b.readUInt32LE(4).toString(16)}`;
  return `pe:${b.readUInt16LE(b.readUInt32LE(0x3c) + 4).toString(16)}`;
}
const MACHINES: Record<string, string> = {
  'linux-amd64': 'elf:62', 'linux-arm64': 'elf:183', 'darwin-amd64': 'macho:1000007', 'darwin-arm64': 'macho:100000c',
  'windows-amd64': 'pe:8664', 'windows-arm64': 'pe:aa64',
};

test('each target\'s Node binary is the pinned version for its OS and architecture', () => {
  for (const t of TARGETS) {
    const b = node(t.id);
    assert.is(machine(b), MACHINES[t.id], t.id);
    assert.ok(b.includes(`node.js/v${NODE_VERSION}\0`), `${t.nodePackage}: no node.js/v${NODE_VERSION}`);
  }
});

const appleSigned = new Map<string, Verdict>();
const apple = (id: string): Verdict => {
  if (!appleSigned.has(id)) appleSigned.set(id, verifySignature(node(id)));
  return appleSigned.get(id) as Verdict;
};

test('both macOS Node binaries carry the Node.js Foundation\'s intact Apple signature (checked by the independent reader)', () => {
  for (const id of ['darwin-amd64', 'darwin-arm64']) {
    const verdict = apple(id);
    assert.equal(verdict.problems, [], id);
    const cd = verdict.signature.codeDirectory;
    assert.is(cd.teamId, 'HX7739G8FX', id);
    assert.is(cd.identifier, 'node');
    assert.is(cd.pageSize, 4096);
    // The CMS signature signs the CodeDirectory, and its signed attributes name the cdhash (truncated to 20 bytes).
    const cms = verdict.signature.blobs.get(0x10000) as Buffer;
    assert.ok(cms.includes(Buffer.from(verdict.cdhash.slice(0, 40), 'hex')), `${id}: cdhash not in the CMS signature`);
    writeFileSync(join(work, 'cms.der'), cms.subarray(8));
    writeFileSync(join(work, 'cd.bin'), cd.bytes);
    const r = spawnSync('openssl', ['cms', '-verify', '-noverify', '-binary', '-inform', 'DER', '-in', 'cms.der', '-content', 'cd.bin',
      '-out', '/dev/null', '-certsout', 'certs.pem'], { cwd: work, encoding: 'utf8' });
    assert.match(r.stderr, 'Verification successful', id);
    assert.match(readFileSync(join(work, 'certs.pem'), 'utf8'), /./);
    const subjects = spawnSync('sh', ['-c', 'openssl crl2pkcs7 -nocrl -certfile certs.pem | openssl pkcs7 -print_certs -noout'], { cwd: work, encoding: 'utf8' }).stdout;
    assert.match(subjects, /subject=.*CN ?= ?Developer ID Application: Node\.js Foundation \(HX7739G8FX\)/, id);
  }
});

test('the ad-hoc signer over Node\'s signed darwin/arm64 binary agrees with Apple\'s signature', () => {
  const original = node('darwin-arm64');
  const theirs = apple('darwin-arm64').signature.codeDirectory;
  const { binary, cdhash } = adHocSign(original, 'node');
  const verdict = verifySignature(binary);
  assert.equal(verdict.problems, []);
  assert.is(verdict.cdhash, cdhash);
  const ours = verdict.signature.codeDirectory;
  assert.is(ours.codeLimit, theirs.codeLimit);
  assert.is(ours.pageSize, theirs.pageSize);
  assert.is(ours.hashType, theirs.hashType);
  assert.equal(ours.execSeg, theirs.execSeg);
  assert.is(ours.codeSlots.length, theirs.codeSlots.length);
  // Re-signing changes only the header page (LC_CODE_SIGNATURE's size, __LINKEDIT's sizes): every other page keeps
  // its bytes, and must keep Apple's hash.
  const page = (b: Buffer, i: number): Buffer => b.subarray(i * 4096, Math.min((i + 1) * 4096, theirs.codeLimit));
  const changed = theirs.codeSlots.map((_, i) => i).filter((i) => !page(binary, i).equals(page(original, i)));
  assert.equal(changed, [0]);
  const disagree = theirs.codeSlots.map((h, i) => i).filter((i) => !changed.includes(i) && !(ours.codeSlots[i] as Buffer).equals(theirs.codeSlots[i] as Buffer));
  assert.equal(disagree, []);
});

test.run();
