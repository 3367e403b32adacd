// The bench runs the CLI bundled ahead of time, as a release runs it (scripts/bundle.mjs: one esbuild bundle with its
// packages), not through tsx, whose on-the-fly compile adds ~0.5 s and ~60 MB to every process. ESM here (the entries
// use top-level await) with code splitting, so the CLI's lazy imports stay lazy; `require` is provided for the
// CommonJS packages; the optional packages probed with try/require stay external.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { ROOT } from './measure.js';

export const BUILD_DIR = path.join(ROOT, 'node_modules/.cache/calico-bench');

export interface BuiltCli { cli: string; listsOnly: string }

export async function buildForBench(): Promise<BuiltCli> {
  rmSync(BUILD_DIR, { recursive: true, force: true }); // chunk names are content hashes: start clean
  mkdirSync(BUILD_DIR, { recursive: true });
  const entries = { cli: path.join(ROOT, 'src/cli.ts'), listsOnly: path.join(ROOT, 'scripts/bench/lists-only.ts') };
  await build({
    entryPoints: entries, outdir: BUILD_DIR, outExtension: { '.js': '.mjs' },
    bundle: true, splitting: true, platform: 'node', target: 'node22', format: 'esm', logLevel: 'warning',
    external: ['supports-color', 'bufferutil', 'utf-8-validate'],
    banner: { js: "import { createRequire as __benchCreateRequire } from 'node:module'; const require = __benchCreateRequire(import.meta.url);" },
  });
  return { cli: path.join(BUILD_DIR, 'cli.mjs'), listsOnly: path.join(BUILD_DIR, 'listsOnly.mjs') };
}
