// The ad-hoc signer (scripts/dist/macho-sign.ts) on small Mach-O executables built here, judged by the independent
// reader in support/code-signature.ts: every page hash, the requirements slot and the cdhash recomputed. Node's own
// darwin/arm64 binary and the released one are checked the same way in foreign/release.dist-test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { adHocSign } from '../../scripts/dist/macho-sign.js';
import { readSignature, verifySignature } from './support/code-signature.js';

/**
 * A thin arm64 MH_EXECUTE: __PAGEZERO, __TEXT (one __text section at `textAt`) and __LINKEDIT up to the end of the
 * file, filled with bytes that differ from page to page.
 */
function machO(size: number, { textAt = 0x1000, linkeditAt = 0x8000 } = {}): Buffer {
  const b = Buffer.alloc(size);
  for (let i = textAt; i < size; i++) b[i] = (i * 7 + (i >> 12)) & 0xff;
  b.fill(0, 32, textAt);
  b.writeUInt32LE(0xfeedfacf, 0);
  b.writeUInt32LE(0x0100000c, 4);     // CPU_TYPE_ARM64
  b.writeUInt32LE(2, 12);             // MH_EXECUTE
  let at = 32;
  const segment = (name: string, vmaddr: number, vmsize: number, fileoff: number, filesize: number, section?: [string, number, number]): void => {
    const size = 72 + (section ? 80 : 0);
    b.writeUInt32LE(0x19, at);
    b.writeUInt32LE(size, at + 4);
    b.write(name, at + 8, 'latin1');
    b.writeBigUInt64LE(BigInt(vmaddr), at + 24);
    b.writeBigUInt64LE(BigInt(vmsize), at + 32);
    b.writeBigUInt64LE(BigInt(fileoff), at + 40);
    b.writeBigUInt64LE(BigInt(filesize), at + 48);
    b.writeUInt32LE(section ? 1 : 0, at + 64);
    if (section) {
      const [sectname, offset, length] = section;
      b.write(sectname, at + 72, 'latin1');
      b.write(name, at + 88, 'latin1');
      b.writeBigUInt64LE(BigInt(vmaddr + offset), at + 104);
      b.writeBigUInt64LE(BigInt(length), at + 112);
      b.writeUInt32LE(offset, at + 120);
    }
    at += size;
  };
  segment('__PAGEZERO', 0, 0x100000000, 0, 0);
  segment('__TEXT', 0x100000000, linkeditAt, 0, linkeditAt, ['__text', textAt, linkeditAt - textAt]);
  segment('__LINKEDIT', 0x100000000 + linkeditAt, 0x4000, linkeditAt, size - linkeditAt);
  b.writeUInt32LE(3, 16);
  b.writeUInt32LE(at - 32, 20);
  return b;
}

const sha256 = (data: Buffer): Buffer => createHash('sha256').update(data).digest();

test('an unsigned executable signed ad hoc: every page hash, the requirements slot and the cdhash recompute', () => {
  const input = machO(0x9123);                       // the last page is partial
  const before = Buffer.from(input);
  const { binary, cdhash } = adHocSign(input, 'kubectl-calico_migrate');
  const verdict = verifySignature(binary);
  assert.equal(verdict.problems, []);
  assert.is(verdict.cdhash, cdhash);
  assert.ok(input.equals(before), 'the input buffer is not modified');

  const s = verdict.signature;
  const cd = s.codeDirectory;
  assert.is(s.dataoff, 0x9130);                      // after __LINKEDIT's data, 16-byte aligned
  assert.is(cd.codeLimit, 0x9130);
  assert.is(cd.codeSlots.length, 10);
  assert.is(cd.pageSize, 4096);
  assert.is(cd.hashType, 2);
  assert.is(cd.version, 0x20400);
  assert.is(cd.flags, 0x2);                           // CS_ADHOC, and nothing else: no hardened runtime, no team
  assert.is(cd.identifier, 'kubectl-calico_migrate');
  assert.is(cd.teamId, undefined);
  assert.equal(cd.execSeg, { base: 0n, limit: 0x8000n, flags: 1n });
  assert.equal([...s.blobs.keys()], [0, 2, 0x10000]);  // CodeDirectory, requirements, CMS wrapper (empty: no certificate)
  assert.is(s.blobs.get(2)?.toString('hex'), 'fade0c010000000c00000000');
  assert.is(s.blobs.get(0x10000)?.toString('hex'), 'fade0b0100000008');
  assert.equal(cd.specialSlots.map((h) => h.toString('hex')), ['0'.repeat(64), sha256(s.blobs.get(2) as Buffer).toString('hex')]);
  assert.is(cdhash, sha256(cd.bytes).toString('hex'));

  // What changed besides the appended signature: the new load command and __LINKEDIT's sizes.
  assert.is(binary.readUInt32LE(16), 4);
  assert.is(binary.readUInt32LE(20), input.readUInt32LE(20) + 16);
  const linkedit = s.segments.find((x) => x.name === '__LINKEDIT');
  assert.is(linkedit?.fileoff as number + (linkedit?.filesize as number), binary.length);
  assert.is(linkedit?.vmsize, 0x4000n);
  assert.ok(binary.subarray(0x1000, input.length).equals(input.subarray(0x1000)), 'the code is untouched');
});

test('signing is deterministic, and re-signing replaces the signature in place', () => {
  const once = adHocSign(machO(0xa000), 'x');
  assert.ok(adHocSign(machO(0xa000), 'x').binary.equals(once.binary));
  const again = adHocSign(once.binary, 'x');
  assert.ok(again.binary.equals(once.binary));
  assert.is(again.cdhash, once.cdhash);
  const renamed = adHocSign(once.binary, 'y');
  assert.equal(verifySignature(renamed.binary).problems, []);
  assert.is(readSignature(renamed.binary).codeDirectory.identifier, 'y');
  assert.is.not(renamed.cdhash, once.cdhash);
});

test('the size of the signature follows the pages: a file of many pages', () => {
  const { binary } = adHocSign(machO(0x40000 + 5), 'x');
  const verdict = verifySignature(binary);
  assert.equal(verdict.problems, []);
  assert.is(verdict.signature.codeDirectory.codeSlots.length, 65);
  assert.is(verdict.signature.datasize % 16, 0);
  const linkedit = verdict.signature.segments.find((x) => x.name === '__LINKEDIT');
  assert.is(linkedit?.vmsize, BigInt(Math.ceil((linkedit?.filesize as number) / 0x4000) * 0x4000));
});

test('the checker catches what the kernel would: a changed byte in any page, in the header, or in the CodeDirectory', () => {
  const { binary } = adHocSign(machO(0x9123), 'x');
  for (const [at, problem] of [[0x5001, 'page 5: hash differs'], [0x9122, 'page 9: hash differs'], [0x40, 'page 0: hash differs']] as const) {
    const tampered = Buffer.from(binary);
    tampered[at] ^= 1;
    assert.ok(verifySignature(tampered).problems.includes(problem), `${problem}: ${verifySignature(tampered).problems.join('; ')}`);
  }
  // A page hash edited to match tampered code: the pages verify, and the cdhash no longer matches the signer's.
  const { cdhash } = adHocSign(machO(0x9123), 'x');
  const tampered = Buffer.from(binary);
  tampered[0x5001] ^= 1;
  const cd = readSignature(tampered).codeDirectory;
  const slot5 = cd.offset + tampered.readUInt32BE(cd.offset + 16) + 5 * 32;
  sha256(tampered.subarray(0x5000, 0x6000)).copy(tampered, slot5);
  const verdict = verifySignature(tampered);
  assert.equal(verdict.problems, []);
  assert.is.not(verdict.cdhash, cdhash);
});

test('refused: not a 64-bit Mach-O, no room for the load command, data after __LINKEDIT', () => {
  assert.throws(() => adHocSign(Buffer.from('\x7fELF'.padEnd(64, '\0')), 'x'), /not a thin 64-bit/);
  const cramped = machO(0x9000, { textAt: 32 + 3 * 72 + 80 + 8 });
  assert.throws(() => adHocSign(cramped, 'x'), /no room after the load commands/);
  const occupied = machO(0x9000);
  occupied[32 + occupied.readUInt32LE(20) + 15] = 1;
  assert.throws(() => adHocSign(occupied, 'x'), /no room after the load commands/);
  const trailing = Buffer.concat([machO(0x9000), Buffer.alloc(10)]);
  assert.throws(() => adHocSign(trailing, 'x'), /data after __LINKEDIT/);
});

test.run();
