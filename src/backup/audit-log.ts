// audit.jsonl in a backup directory: one JSON line per run of a verb that writes to the cluster, appended, never
// rewritten. It is not part of the backup: manifest.json does not list it, so verification ignores it and appends
// never break a checksum.
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';

export const AUDIT_FILE = 'audit.jsonl';

/**
 * Appends one record as one write() on a file opened with O_APPEND (so two runs appending at once never mix their
 * lines); created 0600 if absent, never through a symlink.
 */
export async function appendAuditRecord(dir: string, record: object): Promise<string> {
  const file = path.join(dir, AUDIT_FILE);
  const data = Buffer.from(`${JSON.stringify(record)}\n`);
  const handle = await fs.open(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0), 0o600);
  try {
    const { bytesWritten } = await handle.write(data);
    if (bytesWritten !== data.length) throw new Error(`only ${bytesWritten} of ${data.length} bytes were written`);
  } finally {
    await handle.close();
  }
  return file;
}
