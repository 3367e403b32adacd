// npm run test:dist, before its tests: the emulators and shells they use (installed from Debian when missing), and a
// dist/ built from the current sources (npm run dist, unless dist/ is newer than every source).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { isFresh } from './freshness.js';
import { DIST, ROOT } from './project.js';
import { runScript, step } from './script.js';
import { BASH_COMPLETION, ensureTools, FISH, LIBC_ARM64, LIBSTDCXX_ARM64, QEMU_ARM64, WINE64, ZSH } from './tools.js';

await runScript(async () => {
  ensureTools([QEMU_ARM64, LIBC_ARM64, LIBSTDCXX_ARM64, WINE64, ZSH, FISH, BASH_COMPLETION]);
  if (isFresh(join(DIST, 'SHA256SUMS'))) {
    step('dist/ is newer than every source: not rebuilt');
    return;
  }
  step('npm run dist (dist/ is older than a source)');
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'dist.ts'), '--skip-typecheck'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run dist failed');
});
