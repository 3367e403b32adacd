// The bench runs the CLI bundled exactly as a release bundles it (scripts/bundle.mjs: one CommonJS file, the script the
// SEA binary runs), not through tsx, whose on-the-fly compile adds ~0.5 s and ~60 MB to every process. An ES-module
// build would not do: importing node:http from an ES module loads Node's fetch implementation (~15 ms) that the
// CommonJS release never loads. The LISTs-alone program and the bare-client yardstick are bundled the same way.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { bundle } from '../bundle.mjs';
import { ROOT } from './measure.js';

export const BUILD_DIR = path.join(ROOT, 'node_modules/.cache/calico-bench');

export interface BuiltCli { cli: string; listsOnly: string; yardstick: string; remove?: () => void }

/**
 * Each bench process bundles into a directory of its own, removed by `remove`: node_modules (and so this cache) may be
 * shared by several checkouts, and one bench (the smoke test's, say) must not delete the bundle another is running.
 */
export async function buildForBench(): Promise<BuiltCli> {
  const dir = path.join(BUILD_DIR, `build-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return {
    remove: () => rmSync(dir, { recursive: true, force: true }),
    cli: await bundle({ outfile: path.join(dir, 'cli.cjs') }),
    listsOnly: await bundle({ outfile: path.join(dir, 'lists-only.cjs'), entry: "import './scripts/bench/lists-only.ts';" }),
    yardstick: await bundle({ outfile: path.join(dir, 'yardstick.cjs'), entry: "import './scripts/bench/yardstick.ts';" }),
  };
}
