// Local files the connection reads (kubeconfigs, certificates, keys, tokens) are read up to a size cap: a wrong path
// such as `--kubeconfig /dev/zero` or a multi-gigabyte file fails at once with a clear error instead of filling memory.
import fs from 'node:fs';

/** Far above any real kubeconfig (hundreds of contexts with embedded certificates stay under 1 MiB). */
export const MAX_CONFIG_FILE_BYTES = 16 * 1024 * 1024;

export const formatBytes = (n: number): string => (n >= 1024 * 1024 ? `${n / (1024 * 1024)} MiB` : `${n} bytes`);

/** The file's bytes; an error with code EFBIG once more than `maxBytes` have been read (the size of a device or pipe is unknown up front). */
export function readFileCapped(file: string, maxBytes = MAX_CONFIG_FILE_BYTES): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    const buffer = Buffer.allocUnsafe(64 * 1024);
    let total = 0;
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) return Buffer.concat(chunks, total);
      total += n;
      if (total > maxBytes) throw Object.assign(new Error(`${file} is larger than ${formatBytes(maxBytes)}`), { code: 'EFBIG' });
      chunks.push(Buffer.from(buffer.subarray(0, n)));
    }
  } finally {
    fs.closeSync(fd);
  }
}
