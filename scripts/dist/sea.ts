// Node Single Executable Applications: the bundle → a SEA blob → injected into a Node binary with postject.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createRequire } from 'node:module';

export const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

// V8 hashes strings with a random seed per process, and a code cache records the hashes it was made with, so a
// code-cache blob differed on every build. V8 draws that seed from its random number generator, which
// `--random-seed=N` seeds: given at build time only, it makes the blob reproducible. The binary itself runs with no
// flag: V8 keeps --random-seed out of the flag hash a code cache is checked against (--hash-seed is in it, and so
// made Node reject the code cache of its own built-in modules, ~13 ms of every start), and a code cache is valid
// under any string-hash seed (Node's built-in one is made once and read by every process, each with its own seed).
const BUILD_SEED = '--random-seed=1';

export type BlobKind = 'native' | 'portable';

const MAIN = 'kubectl-calico_migrate.cjs';

/**
 * native: with a V8 code cache (about 40 ms faster to start), loadable only by this Node on this OS/arch.
 * portable: no code cache, loadable by the same Node version on any OS/arch.
 */
export function makeBlob(kind: BlobKind, bundle: string, output: string): string {
  const native = kind === 'native';
  // The blob records the main script's path as the config gives it: a fixed relative name, so that two checkouts in
  // different directories build identical binaries.
  const dir = dirname(output);
  copyFileSync(bundle, join(dir, MAIN));
  const config = {
    main: MAIN,
    output: basename(output),
    disableExperimentalSEAWarning: true,
    useSnapshot: false,        // yargs and the Kubernetes client cannot be snapshotted
    useCodeCache: native,
  };
  const configPath = `${output}.json`;
  writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);
  // Quiet unless it fails (it says "Wrote single executable preparation blob…"); a failure throws with its output.
  execFileSync(process.execPath, [...(native ? [BUILD_SEED] : []), '--experimental-sea-config', basename(configPath)], { cwd: dir, stdio: 'pipe' });
  return output;
}

interface Postject {
  inject(file: string, resource: string, data: Buffer, options: { sentinelFuse: string; machoSegmentName?: string; overwrite?: boolean }): Promise<void>;
}
// postject ships no types; this is the one function used.
const postject = createRequire(import.meta.url)('postject') as Postject;

export async function inject(binary: string, blob: string, macho: boolean): Promise<void> {
  // On ELF, LIEF prints a dozen harmless "warning: Can't find string offset for section name '.note…'" lines
  // through console.warn, which postject's wasm module captures when it first loads: hand it a filtered one.
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!/Can't find string offset for section name/.test(String(args[0]))) warn(...args);
  };
  try {
    await postject.inject(binary, 'NODE_SEA_BLOB', readFileSync(blob), {
      sentinelFuse: SEA_FUSE,
      ...(macho ? { machoSegmentName: 'NODE_SEA' } : {}),
    });
  } finally {
    console.warn = warn;
  }
}
