// A minimal ustar writer and reader. Writing it here, rather than calling tar, makes archives byte-identical on any
// machine: fixed order, mtime 0, owner 0:0, no user names, regular files only (krew's extractor refuses symlinks).
// gzip level 6: level 9 saved 0.4 % of the size for 2.4 times the time.
import { promisify } from 'node:util';
import { gunzipSync, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

export interface FileEntry { name: string; mode: number; data: Buffer }
export interface TarEntry { name: string; mode: number; type: string; linkName: string; data: Buffer }

const BLOCK = 512;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(entry: FileEntry): Buffer {
  if (Buffer.byteLength(entry.name) > 100) throw new Error(`tar: name too long for ustar: ${entry.name}`);
  const h = Buffer.alloc(BLOCK);
  h.write(entry.name, 0, 100, 'utf8');
  h.write(octal(entry.mode, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');                 // uid
  h.write(octal(0, 8), 116, 'ascii');                 // gid
  h.write(octal(entry.data.length, 12), 124, 'ascii');
  h.write(octal(0, 12), 136, 'ascii');                // mtime: the epoch, for reproducible archives
  h.write(' '.repeat(8), 148, 'ascii');               // checksum placeholder
  h.write('0', 156, 'ascii');                         // regular file
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

/** Compressed on libuv's thread pool, so a release build can inject the next binary meanwhile. */
export async function tarGz(entries: FileEntry[]): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (const e of [...entries].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    parts.push(header(e), e.data, Buffer.alloc((BLOCK - (e.data.length % BLOCK)) % BLOCK));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return gzipAsync(Buffer.concat(parts), { level: 6 });
}

const text = (b: Buffer, start: number, length: number): string => b.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
const num = (b: Buffer, start: number, length: number): number => parseInt(text(b, start, length).trim() || '0', 8);

/** Every entry of a (gzipped or plain) tar, as stored: type '0' file, '5' directory, '2' symlink… Pax and GNU long names applied. */
export function readTar(archive: Buffer): TarEntry[] {
  const tar = archive[0] === 0x1f && archive[1] === 0x8b ? gunzipSync(archive) : archive;
  const entries: TarEntry[] = [];
  let longName: string | undefined;
  for (let off = 0; off + BLOCK <= tar.length;) {
    const h = tar.subarray(off, off + BLOCK);
    if (h.every((b) => b === 0)) break;
    const size = num(h, 124, 12);
    const type = text(h, 156, 1) || '0';
    const data = tar.subarray(off + BLOCK, off + BLOCK + size);
    off += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x' || type === 'L') {
      const path = type === 'L' ? data.toString('utf8').replace(/\0.*$/s, '') : /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'))?.[1];
      if (path) longName = path;
      continue;
    }
    if (type === 'g') continue;
    const prefix = text(h, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${text(h, 0, 100)}` : text(h, 0, 100));
    longName = undefined;
    entries.push({ name, mode: num(h, 100, 8), type, linkName: text(h, 157, 100), data: Buffer.from(data) });
  }
  return entries;
}
