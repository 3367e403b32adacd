// Whether an output is older than what it is built from, so tests can skip a rebuild (a build takes ~15 s).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './project.js';

/** Everything a binary is built from: sources, dependencies, the build scripts, the manifest template. */
export const BUILD_INPUTS = ['src', 'package.json', 'package-lock.json', 'scripts/bundle.mjs', 'scripts/build.ts', 'scripts/dist', 'plugin.yaml', 'LICENSE'];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), st.mtimeMs);
}

export function isFresh(output: string, inputs: string[] = BUILD_INPUTS): boolean {
  if (!existsSync(output)) return false;
  const built = statSync(output).mtimeMs;
  return inputs.every((input) => newest(join(ROOT, input)) <= built);
}
