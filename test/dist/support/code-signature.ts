// An independent reader of Mach-O code signatures, for the tests of scripts/dist/macho-sign.ts (it shares no code with
// the signer): parses the load commands and every blob of the embedded signature, recomputes every page hash, every
// special-slot hash it has data for, and the CodeDirectory hash (cdhash), and lists what does not hold.
// Formats: xnu osfmk/kern/cs_blobs.h and EXTERNAL_HEADERS/mach-o/loader.h.
import { createHash } from 'node:crypto';

export interface Segment { name: string; vmaddr: bigint; vmsize: bigint; fileoff: number; filesize: number }

export interface CodeDirectory {
  offset: number;            // within the file
  bytes: Buffer;
  version: number;
  flags: number;
  identifier: string;
  teamId?: string;
  hashType: number;
  hashSize: number;
  pageSize: number;          // bytes
  codeLimit: number;
  specialSlots: Buffer[];    // [0] is slot -1, [1] slot -2, …
  codeSlots: Buffer[];
  execSeg?: { base: bigint; limit: bigint; flags: bigint };
}

export interface Signature {
  cputype: number;
  filetype: number;
  segments: Segment[];
  dataoff: number;
  datasize: number;
  /** slot type → the blob's bytes (magic and length included) */
  blobs: Map<number, Buffer>;
  codeDirectory: CodeDirectory;
}

export interface Verdict { signature: Signature; cdhash: string; problems: string[] }

const u32 = (b: Buffer, at: number): number => b.readUInt32BE(at);

export function readSignature(file: Buffer): Signature {
  if (file.readUInt32LE(0) !== 0xfeedfacf) throw new Error('not a 64-bit Mach-O');
  const segments: Segment[] = [];
  let dataoff = -1;
  let datasize = 0;
  const ncmds = file.readUInt32LE(16);
  let at = 32;
  for (let i = 0; i < ncmds; i++) {
    const cmd = file.readUInt32LE(at);
    if (cmd === 0x19) {
      segments.push({
        name: file.toString('latin1', at + 8, at + 24).split('\0')[0] as string,
        vmaddr: file.readBigUInt64LE(at + 24), vmsize: file.readBigUInt64LE(at + 32),
        fileoff: Number(file.readBigUInt64LE(at + 40)), filesize: Number(file.readBigUInt64LE(at + 48)),
      });
    }
    if (cmd === 0x1d) { dataoff = file.readUInt32LE(at + 8); datasize = file.readUInt32LE(at + 12); }
    at += file.readUInt32LE(at + 4);
  }
  if (dataoff < 0) throw new Error('no LC_CODE_SIGNATURE');
  const superblob = file.subarray(dataoff, dataoff + datasize);
  if (u32(superblob, 0) !== 0xfade0cc0) throw new Error(`signature magic ${u32(superblob, 0).toString(16)}`);
  const blobs = new Map<number, Buffer>();
  for (let i = 0; i < u32(superblob, 8); i++) {
    const type = u32(superblob, 12 + i * 8);
    const offset = u32(superblob, 16 + i * 8);
    blobs.set(type, superblob.subarray(offset, offset + u32(superblob, offset + 4)));
  }
  const cd = blobs.get(0);
  if (!cd || u32(cd, 0) !== 0xfade0c02) throw new Error('no CodeDirectory in slot 0');
  const version = u32(cd, 8);
  const hashOffset = u32(cd, 16);
  const hashSize = cd[36] as number;
  const slot = (i: number): Buffer => cd.subarray(hashOffset + i * hashSize, hashOffset + (i + 1) * hashSize);
  const cstring = (offset: number): string => cd.toString('utf8', offset, cd.indexOf(0, offset));
  return {
    cputype: file.readUInt32LE(4), filetype: file.readUInt32LE(12), segments, dataoff, datasize, blobs,
    codeDirectory: {
      offset: dataoff + cd.byteOffset - superblob.byteOffset,
      bytes: cd, version, flags: u32(cd, 12), identifier: cstring(u32(cd, 20)),
      ...(version >= 0x20200 && u32(cd, 48) ? { teamId: cstring(u32(cd, 48)) } : {}),
      hashType: cd[37] as number, hashSize, pageSize: 2 ** (cd[39] as number), codeLimit: u32(cd, 32),
      specialSlots: Array.from({ length: u32(cd, 24) }, (_, i) => slot(-(i + 1))),
      codeSlots: Array.from({ length: u32(cd, 28) }, (_, i) => slot(i)),
      ...(version >= 0x20400 ? { execSeg: { base: cd.readBigUInt64BE(64), limit: cd.readBigUInt64BE(72), flags: cd.readBigUInt64BE(80) } } : {}),
    },
  };
}

/** What the kernel and codesign --verify would object to, as far as a file alone can tell. */
export function verifySignature(file: Buffer): Verdict {
  const signature = readSignature(file);
  const cd = signature.codeDirectory;
  const problems: string[] = [];
  const digest = (data: Buffer): Buffer => createHash(cd.hashType === 2 ? 'sha256' : 'sha1').update(data).digest();

  if (cd.hashType !== 2 || cd.hashSize !== 32) problems.push(`hash type ${cd.hashType} size ${cd.hashSize}, not SHA-256`);
  if (cd.codeLimit !== signature.dataoff) problems.push(`codeLimit ${cd.codeLimit} is not the signature's offset ${signature.dataoff}`);
  if (cd.codeSlots.length !== Math.ceil(cd.codeLimit / cd.pageSize)) problems.push(`${cd.codeSlots.length} code slots for ${cd.codeLimit} bytes`);
  cd.codeSlots.forEach((hash, page) => {
    const bytes = file.subarray(page * cd.pageSize, Math.min((page + 1) * cd.pageSize, cd.codeLimit));
    if (!digest(bytes).equals(hash)) problems.push(`page ${page}: hash differs`);
  });
  cd.specialSlots.forEach((hash, i) => {
    const blob = signature.blobs.get(i + 1);
    const want = blob ? digest(blob) : Buffer.alloc(cd.hashSize);
    if (blob || i + 1 !== 1 && i + 1 !== 3) {   // -1 (Info.plist) and -3 (resources) hash files outside a bare binary
      if (!want.equals(hash)) problems.push(`special slot -${i + 1}: hash differs`);
    }
  });

  const text = signature.segments.find((s) => s.name === '__TEXT');
  if (cd.execSeg && text && (cd.execSeg.base !== BigInt(text.fileoff) || cd.execSeg.limit !== BigInt(text.filesize))) {
    problems.push('execSeg does not describe __TEXT');
  }
  const linkedit = signature.segments.find((s) => s.name === '__LINKEDIT');
  const end = signature.dataoff + signature.datasize;
  if (!linkedit || signature.dataoff < linkedit.fileoff || end > linkedit.fileoff + linkedit.filesize) problems.push('signature not inside __LINKEDIT');
  else if (linkedit.vmsize < BigInt(linkedit.filesize)) problems.push('__LINKEDIT vmsize smaller than its filesize');
  if (end !== file.length) problems.push(`the file goes on ${file.length - end} bytes past the signature`);
  if (signature.dataoff % 16) problems.push('signature offset not 16-byte aligned');
  const superLength = u32(file, signature.dataoff + 4);
  if (superLength > signature.datasize) problems.push('SuperBlob longer than LC_CODE_SIGNATURE says');
  for (const [type, blob] of signature.blobs) {
    if (blob.byteOffset + blob.length > file.byteOffset + signature.dataoff + superLength) problems.push(`blob ${type.toString(16)} runs past the SuperBlob`);
  }
  return { signature, cdhash: digest(cd.bytes).toString('hex'), problems };
}
