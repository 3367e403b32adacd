// Writing an auth provider's refreshed tokens back into the kubeconfig file that defines the user, as kubectl does
// (client-go clientcmd ModifyConfig: the user's LocationOfOrigin, guarded by `<file>.lock`). Unlike kubectl, only the
// changed keys are written, into the file as it is now (another kubectl may have refreshed meanwhile), and the file is
// replaced whole (a temporary file renamed over it, same mode), so an interrupted write never leaves half a kubeconfig.
// As with kubectl, the file is written again from its data: comments and formatting are not kept.
import fs from 'node:fs';
import path from 'node:path';
import { dump, load } from 'js-yaml';
import { readFileCapped } from './read-capped.js';

const LOCK_WAIT_MS = 5_000;

export async function persistAuthProviderConfig(file: string, userName: string, changes: Record<string, string>): Promise<void> {
  const target = fs.realpathSync(file);  // a symlinked kubeconfig stays a symlink
  const lock = `${target}.lock`;
  await acquire(lock);
  try {
    const doc = load(readFileCapped(target).toString('utf8')) as { users?: Array<{ name?: unknown; user?: Record<string, unknown> }> } | null;
    const entry = doc?.users?.find((u) => u?.name === userName);
    const provider = entry?.user?.['auth-provider'] as { config?: Record<string, unknown> } | undefined;
    if (!provider || typeof provider !== 'object') throw new Error(`${file} no longer defines user "${userName}" with an auth-provider`);
    provider.config = { ...(provider.config ?? {}), ...changes };
    const mode = fs.statSync(target).mode & 0o7777;
    const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
    try {
      fs.writeFileSync(temp, dump(doc, { lineWidth: -1, noRefs: true }), { mode });
      fs.chmodSync(temp, mode);  // the umask must not loosen or tighten it
      fs.renameSync(temp, target);
    } catch (err) {
      fs.rmSync(temp, { force: true });
      throw err;
    }
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/** `<file>.lock`, created exclusively; another writer's lock is waited for a few seconds, then named in the error. */
async function acquire(lock: string): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.closeSync(fs.openSync(lock, 'wx', 0o600));
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (Date.now() > deadline) throw new Error(`${lock} exists: another kubectl is writing the kubeconfig, or one was stopped mid-write (remove the file if no kubectl runs)`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
