// npm run build: type-check, bundle, and the standalone binary for this machine, dist/kubectl-calico_migrate, with
// a V8 code cache (faster start). `--skip-typecheck` (for tests, which type-check nothing) skips the first step.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildBinary } from './dist/binary.js';
import { assertPinnedNode, DIST, PLUGIN_VERSION, ROOT } from './dist/project.js';
import { makeBlob } from './dist/sea.js';
import { megabytes, runScript, step } from './dist/script.js';
import { binaryName, hostTarget } from './dist/targets.js';
import { ensureTools, STRIP } from './dist/tools.js';

await runScript(async () => {
  assertPinnedNode();
  const target = hostTarget();
  if (!target || target.os !== 'linux') throw new Error(`npm run build makes Linux binaries; this is ${process.platform}/${process.arch}`);
  ensureTools([STRIP]);

  if (!process.argv.includes('--skip-typecheck')) {
    step('type-check (tsc -p .)');
    execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', '.'], { cwd: ROOT, stdio: 'inherit' });
  }
  step('bundle (esbuild → dist/bundle.cjs, and its import graph → dist/bundle-meta.json)');
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs'), '--metafile'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });

  // Build beside the result and rename into place, so a concurrent test run never sees a half-written binary.
  mkdirSync(DIST, { recursive: true });
  const work = mkdtempSync(join(DIST, '.build-'));
  try {
    step('SEA blob with code cache');
    const blob = makeBlob('native', join(DIST, 'bundle.cjs'), join(work, 'native.blob'));
    step(`inject into Node ${process.version} (postject)`);
    const built = await buildBinary(target, blob, join(work, binaryName(target)));
    const version = execFileSync(built, ['--version'], { encoding: 'utf8' }).trim();
    if (version !== PLUGIN_VERSION) throw new Error(`the new binary says ${JSON.stringify(version)}, not ${PLUGIN_VERSION}`);
    const out = join(DIST, binaryName(target));
    renameSync(built, out);
    step(`built ${out} (${megabytes(statSync(out).size)}, ${version})`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
