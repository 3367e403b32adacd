// npm run test:dist, before its tests: the emulators and shells they use (installed from Debian when missing), a
// dist/ built from the current sources (npm run dist, unless dist/ is newer than every source), and what the tests
// can and cannot do with each platform's binary here.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { isFresh } from './freshness.js';
import { DIST, ROOT } from './project.js';
import { runScript, step } from './script.js';
import { BASH_COMPLETION, ensureTools, FISH, LIBC_ARM64, LIBSTDCXX_ARM64, QEMU_ARM64, WINE64, ZSH } from './tools.js';

/** How test:dist checks each platform's binary on this (linux/amd64) machine. */
const COVERAGE = [
  'executed:   linux/amd64 (natively), linux/arm64 (qemu-user), windows/amd64 (wine64)',
  'structural: darwin/amd64 (Mach-O, NODE_SEA segment, no signature), darwin/arm64 (Mach-O, NODE_SEA segment, ad-hoc',
  '            signature recomputed page by page), windows/arm64 (PE for ARM64, Authenticode removed): never run here',
];

await runScript(async () => {
  step(`test:dist, per platform:\n  ${COVERAGE.join('\n  ')}`);
  ensureTools([QEMU_ARM64, LIBC_ARM64, LIBSTDCXX_ARM64, WINE64, ZSH, FISH, BASH_COMPLETION]);
  if (isFresh(join(DIST, 'SHA256SUMS'))) {
    step('dist/ is newer than every source: not rebuilt');
    return;
  }
  step('npm run dist (dist/ is older than a source)');
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'dist.ts'), '--skip-typecheck'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run dist failed');
});
