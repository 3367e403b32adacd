// An ad-hoc code signature for a 64-bit Mach-O, what `codesign --sign -` writes: a SuperBlob holding a SHA-256
// CodeDirectory (one hash per 4 KiB page of the file up to the signature, and the hash of the empty requirement set),
// that empty requirement set, and an empty CMS wrapper (no certificate). macOS on Apple silicon runs no arm64 code
// without a valid signature, and injecting the SEA blob breaks Node's. Formats: xnu osfmk/kern/cs_blobs.h,
// EXTERNAL_HEADERS/mach-o/loader.h.
import { createHash } from 'node:crypto';

const MH_MAGIC_64 = 0xfeedfacf;
const MH_EXECUTE = 2;
const LC_SEGMENT_64 = 0x19;
const LC_CODE_SIGNATURE = 0x1d;

const CSMAGIC_EMBEDDED_SIGNATURE = 0xfade0cc0;
const CSMAGIC_CODEDIRECTORY = 0xfade0c02;
const CSSLOT_CODEDIRECTORY = 0;
const CSSLOT_REQUIREMENTS = 2;
const CSSLOT_SIGNATURESLOT = 0x10000;
const CS_ADHOC = 0x2;
const CS_EXECSEG_MAIN_BINARY = 0x1;
const CS_HASHTYPE_SHA256 = 2;
const CD_VERSION = 0x20400;          // the first with the executable-segment fields, as codesign writes today
const CD_HEADER = 88;                // sizeof(CS_CodeDirectory) up to and including execSegFlags
const HASH = 32;
const PAGE_SHIFT = 12;               // 4 KiB code pages, as codesign uses for arm64 too
const PAGE = 1 << PAGE_SHIFT;
const VM_PAGE = 0x4000;              // arm64 maps 16 KiB pages: __LINKEDIT's vmsize is rounded to them
const EMPTY_REQUIREMENTS = Buffer.from([0xfa, 0xde, 0x0c, 0x01, 0, 0, 0, 12, 0, 0, 0, 0]);
const EMPTY_CMS = Buffer.from([0xfa, 0xde, 0x0b, 0x01, 0, 0, 0, 8]);

interface Segment { name: string; at: number; fileoff: number; filesize: number }

export interface AdHocSigned { binary: Buffer; cdhash: string }

/**
 * Signs `input` ad hoc under `identifier` (codesign's default is the file name). An existing signature is replaced in
 * place (same offset); otherwise one is appended after __LINKEDIT's data, which must end the file.
 */
export function adHocSign(input: Buffer, identifier: string): AdHocSigned {
  if (input.readUInt32LE(0) !== MH_MAGIC_64) throw new Error('not a thin 64-bit little-endian Mach-O');
  const ncmds = input.readUInt32LE(16);
  const sizeofcmds = input.readUInt32LE(20);
  const segments: Segment[] = [];
  let signatureCommand: number | undefined;
  let firstSectionData = Infinity;
  for (let i = 0, at = 32; i < ncmds; i++) {
    const cmd = input.readUInt32LE(at);
    if (cmd === LC_SEGMENT_64) {
      const segment = {
        name: input.toString('latin1', at + 8, at + 24).replace(/\0+$/, ''), at,
        fileoff: Number(input.readBigUInt64LE(at + 40)), filesize: Number(input.readBigUInt64LE(at + 48)),
      };
      segments.push(segment);
      for (let s = 0; s < input.readUInt32LE(at + 64); s++) {
        const section = at + 72 + s * 80;
        const offset = input.readUInt32LE(section + 48);
        if (offset && input.readBigUInt64LE(section + 40) > 0n) firstSectionData = Math.min(firstSectionData, offset);
      }
    } else if (cmd === LC_CODE_SIGNATURE) {
      signatureCommand = at;
    }
    at += input.readUInt32LE(at + 4);
  }
  const text = segments.find((s) => s.name === '__TEXT');
  const linkedit = segments.find((s) => s.name === '__LINKEDIT');
  if (!text || !linkedit) throw new Error('no __TEXT or __LINKEDIT segment');
  if (segments.some((s) => s.fileoff > linkedit.fileoff)) throw new Error('__LINKEDIT is not the last segment in the file');

  // Replacing a signature keeps its offset; a new one follows __LINKEDIT's data, 16-byte aligned as codesign does.
  const replacing = signatureCommand !== undefined;
  let codeLimit: number;
  if (signatureCommand !== undefined) {
    codeLimit = input.readUInt32LE(signatureCommand + 8);
  } else {
    // The new load command goes where the others end, into the header padding before the first section's data.
    if (32 + sizeofcmds + 16 > firstSectionData || input.subarray(32 + sizeofcmds, 48 + sizeofcmds).some((b) => b !== 0)) {
      throw new Error('no room after the load commands for LC_CODE_SIGNATURE');
    }
    if (linkedit.fileoff + linkedit.filesize !== input.length) throw new Error('data after __LINKEDIT: cannot append a signature');
    codeLimit = align(input.length, 16);
    signatureCommand = 32 + sizeofcmds;
  }
  const codeSlots = Math.ceil(codeLimit / PAGE);
  const ident = Buffer.from(`${identifier}\0`, 'utf8');
  const hashOffset = CD_HEADER + ident.length + 2 * HASH;   // two special slots: Info.plist (none) and requirements
  const cdLength = hashOffset + codeSlots * HASH;
  const indexLength = 12 + 3 * 8;
  const superLength = indexLength + cdLength + EMPTY_REQUIREMENTS.length + EMPTY_CMS.length;
  const dataSize = align(superLength, 16);

  // The header page is hashed too, so its final state (signature size, __LINKEDIT's sizes) is written first.
  const signed = Buffer.alloc(codeLimit + dataSize);
  input.copy(signed, 0, 0, Math.min(input.length, codeLimit));
  if (!replacing) {
    signed.writeUInt32LE(ncmds + 1, 16);
    signed.writeUInt32LE(sizeofcmds + 16, 20);
    signed.writeUInt32LE(LC_CODE_SIGNATURE, signatureCommand);
    signed.writeUInt32LE(16, signatureCommand + 4);
  }
  signed.writeUInt32LE(codeLimit, signatureCommand + 8);
  signed.writeUInt32LE(dataSize, signatureCommand + 12);
  const linkeditSize = codeLimit + dataSize - linkedit.fileoff;
  signed.writeBigUInt64LE(BigInt(linkeditSize), linkedit.at + 48);
  signed.writeBigUInt64LE(BigInt(align(linkeditSize, VM_PAGE)), linkedit.at + 32);

  const cd = Buffer.alloc(cdLength);
  cd.writeUInt32BE(CSMAGIC_CODEDIRECTORY, 0);
  cd.writeUInt32BE(cdLength, 4);
  cd.writeUInt32BE(CD_VERSION, 8);
  cd.writeUInt32BE(CS_ADHOC, 12);
  cd.writeUInt32BE(hashOffset, 16);
  cd.writeUInt32BE(CD_HEADER, 20);                 // identOffset
  cd.writeUInt32BE(2, 24);                         // nSpecialSlots
  cd.writeUInt32BE(codeSlots, 28);
  cd.writeUInt32BE(codeLimit, 32);
  cd.writeUInt8(HASH, 36);
  cd.writeUInt8(CS_HASHTYPE_SHA256, 37);
  cd.writeUInt8(0, 38);                            // platform: not a platform binary
  cd.writeUInt8(PAGE_SHIFT, 39);
  // 40 spare2, 44 scatterOffset, 48 teamOffset, 52 spare3, 56 codeLimit64: all zero
  cd.writeBigUInt64BE(BigInt(text.fileoff), 64);   // execSegBase
  cd.writeBigUInt64BE(BigInt(text.filesize), 72);  // execSegLimit
  cd.writeBigUInt64BE(BigInt(input.readUInt32LE(12) === MH_EXECUTE ? CS_EXECSEG_MAIN_BINARY : 0), 80);
  ident.copy(cd, CD_HEADER);
  sha256(EMPTY_REQUIREMENTS).copy(cd, hashOffset - CSSLOT_REQUIREMENTS * HASH);
  for (let page = 0; page < codeSlots; page++) {
    sha256(signed.subarray(page * PAGE, Math.min((page + 1) * PAGE, codeLimit))).copy(cd, hashOffset + page * HASH);
  }

  const blob = signed.subarray(codeLimit);
  blob.writeUInt32BE(CSMAGIC_EMBEDDED_SIGNATURE, 0);
  blob.writeUInt32BE(superLength, 4);
  blob.writeUInt32BE(3, 8);
  const entries: Array<[number, Buffer]> = [[CSSLOT_CODEDIRECTORY, cd], [CSSLOT_REQUIREMENTS, EMPTY_REQUIREMENTS], [CSSLOT_SIGNATURESLOT, EMPTY_CMS]];
  let offset = indexLength;
  entries.forEach(([slot, data], i) => {
    blob.writeUInt32BE(slot, 12 + i * 8);
    blob.writeUInt32BE(offset, 16 + i * 8);
    data.copy(blob, offset);
    offset += data.length;
  });
  return { binary: signed, cdhash: sha256(cd).toString('hex') };
}

const align = (n: number, to: number): number => Math.ceil(n / to) * to;
const sha256 = (data: Buffer): Buffer => createHash('sha256').update(data).digest();
