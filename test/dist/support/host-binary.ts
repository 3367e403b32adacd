// The standalone binary for this machine, built once per test run, and only when a source is newer than it
// (npm run build's work minus the type-check, about 6 s).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isFresh } from '../../../scripts/dist/freshness.js';
import { DIST, ROOT } from '../../../scripts/dist/project.js';
import { binaryName, hostTarget, type Target } from '../../../scripts/dist/targets.js';

let built: { target: Target; path: string } | undefined;

export function hostBinary(): { target: Target; path: string } {
  if (built) return built;
  const target = hostTarget();
  if (!target) throw new Error(`no release target for this machine (${process.platform}/${process.arch})`);
  const path = join(DIST, binaryName(target));
  // build.ts writes the bundle's import graph beside it (startup.test.ts reads it).
  if (!isFresh(path) || !existsSync(join(DIST, 'bundle-meta.json'))) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'build.ts'), '--skip-typecheck'], {
      cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (r.status !== 0) throw new Error(`building the host binary failed:\n${r.stdout}${r.stderr}`);
  }
  built = { target, path };
  return built;
}
