// The bench runs the CLI bundled exactly as a release bundles it (scripts/bundle.mjs: one CommonJS file, the script the
// SEA binary runs), not through tsx, whose on-the-fly compile adds ~0.5 s and ~60 MB to every process. An ES-module
// build would not do: importing node:http from an ES module loads Node's fetch implementation (~15 ms) that the
// CommonJS release never loads. The LISTs-alone program and the bare-client yardstick are bundled the same way.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { bundle } from '../bundle.mjs';
import { ROOT } from './measure.js';

export const BUILD_DIR = path.join(ROOT, 'node_modules/.cache/calico-bench');

export interface BuiltCli { cli: string; listsOnly: string; yardstick: string }

export async function buildForBench(): Promise<BuiltCli> {
  rmSync(BUILD_DIR, { recursive: true, force: true });
  mkdirSync(BUILD_DIR, { recursive: true });
  return {
    cli: await bundle({ outfile: path.join(BUILD_DIR, 'cli.cjs') }),
    listsOnly: await bundle({ outfile: path.join(BUILD_DIR, 'lists-only.cjs'), entry: "import './scripts/bench/lists-only.ts';" }),
    yardstick: await bundle({ outfile: path.join(BUILD_DIR, 'yardstick.cjs'), entry: "import './scripts/bench/yardstick.ts';" }),
  };
}
