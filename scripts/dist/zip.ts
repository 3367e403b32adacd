// A minimal zip writer and reader (deflate, no zip64), for the Windows archive. Fixed timestamps and order make it
// reproducible; Unix modes go in the external attributes, as Info-ZIP does.
import { promisify } from 'node:util';
import { crc32, deflateRaw, inflateRawSync } from 'node:zlib';
import type { FileEntry } from './tar.js';

const deflateAsync = promisify(deflateRaw);
const DOS_TIME = 0;                       // 00:00:00
const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01, the earliest a zip can say

export async function zip(entries: FileEntry[]): Promise<Buffer> {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : 1));
  const deflated = await Promise.all(sorted.map((e) => deflateAsync(e.data, { level: 6 })));
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [i, e] of sorted.entries()) {
    const name = Buffer.from(e.name, 'utf8');
    const packed = deflated[i] as Buffer;
    const crc = crc32(e.data);
    // The local header and the central directory entry carry the same fields, from offset 4 and 6 respectively.
    const common = Buffer.alloc(26);
    common.writeUInt16LE(20, 0);          // version needed: 2.0 (deflate)
    common.writeUInt16LE(0x0800, 2);      // flags: UTF-8 names
    common.writeUInt16LE(8, 4);           // deflate
    common.writeUInt16LE(DOS_TIME, 6);
    common.writeUInt16LE(DOS_DATE, 8);
    common.writeUInt32LE(crc, 10);
    common.writeUInt32LE(packed.length, 14);
    common.writeUInt32LE(e.data.length, 18);
    common.writeUInt16LE(name.length, 22);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    common.copy(local, 4);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0
    common.copy(central, 6);
    central.writeUInt32LE(((0o100000 | e.mode) << 16) >>> 0, 38); // regular file + mode
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(sorted.length, 8);
  end.writeUInt16LE(sorted.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export interface ZipEntry { name: string; mode: number; isSymlink: boolean; data: Buffer }

/** Every entry, read through the central directory (as Go's archive/zip, which krew uses, does). */
export function readZip(archive: Buffer): ZipEntry[] {
  const endAt = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endAt < 0) throw new Error('zip: no end of central directory');
  const count = archive.readUInt16LE(endAt + 10);
  let at = archive.readUInt32LE(endAt + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    const method = archive.readUInt16LE(at + 10);
    const packedSize = archive.readUInt32LE(at + 20);
    const nameLength = archive.readUInt16LE(at + 28);
    const extraLength = archive.readUInt16LE(at + 30);
    const commentLength = archive.readUInt16LE(at + 32);
    const unixMode = archive.readUInt32LE(at + 38) >>> 16;
    const localAt = archive.readUInt32LE(at + 42);
    const name = archive.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataAt = localAt + 30 + archive.readUInt16LE(localAt + 26) + archive.readUInt16LE(localAt + 28);
    const packed = archive.subarray(dataAt, dataAt + packedSize);
    entries.push({
      name,
      mode: unixMode & 0o7777,
      isSymlink: (unixMode & 0o170000) === 0o120000,
      data: method === 8 ? inflateRawSync(packed) : Buffer.from(packed),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
