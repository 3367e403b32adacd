// The standalone binary for this machine, rebuilt first when a source is newer than it (npm run build's work minus the
// type-check, about 5 s). Used by the dist tests and both benchmarks.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isFresh } from './freshness.js';
import { DIST, ROOT } from './project.js';
import { binaryName, hostTarget, type Target } from './targets.js';

export function ensureHostBinary(): { target: Target; path: string } {
  const target = hostTarget();
  if (!target) throw new Error(`no standalone binary for this machine (${process.platform}/${process.arch})`);
  const path = join(DIST, binaryName(target));
  // build.ts writes the bundle's import graph beside it (startup.test.ts reads it).
  if (!isFresh(path) || !existsSync(join(DIST, 'bundle-meta.json'))) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'build.ts'), '--skip-typecheck'], {
      cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (r.status !== 0) throw new Error(`building the standalone binary failed:\n${r.stdout}${r.stderr}`);
  }
  return { target, path };
}
