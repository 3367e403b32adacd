// The bench runs the CLI bundled exactly as a release bundles it (scripts/bundle.mjs: one CommonJS file, the script the
// SEA binary runs), not through tsx, whose on-the-fly compile adds ~0.5 s and ~60 MB to every process. An ES-module
// build would not do: importing node:http from an ES module loads Node's fetch implementation (~15 ms) that the
// CommonJS release never loads. The LISTs-alone yardstick is bundled the same way.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { bundle } from '../bundle.mjs';
import { ROOT } from './measure.js';

export const BUILD_DIR = path.join(ROOT, 'node_modules/.cache/calico-bench');

export interface BuiltCli { cli: string; listsOnly: string }

export async function buildForBench(): Promise<BuiltCli> {
  rmSync(BUILD_DIR, { recursive: true, force: true });
  mkdirSync(BUILD_DIR, { recursive: true });
  const cli = await bundle({ outfile: path.join(BUILD_DIR, 'cli.cjs') });
  const listsOnly = path.join(BUILD_DIR, 'lists-only.cjs');
  await build({
    entryPoints: [path.join(ROOT, 'scripts/bench/lists-only.ts')], outfile: listsOnly,
    bundle: true, platform: 'node', target: 'node22', format: 'cjs', logLevel: 'warning', minifyWhitespace: true, minifySyntax: true,
    external: ['supports-color', 'bufferutil', 'utf-8-validate'],
    define: { 'import.meta.url': '__import_meta_url' },
    banner: { js: "const __import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  });
  return { cli, listsOnly };
}

