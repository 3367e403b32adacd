// The official Node binary for each target, at the pinned version: this machine's own for the host target, the
// others unpacked from the npm registry's node-<os>-<arch> packages (npm pack checks their integrity; npm install
// would refuse them with EBADPLATFORM).
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE_CACHE, NODE_VERSION } from './project.js';
import { readTar } from './tar.js';
import { exe, hostTarget, type Target } from './targets.js';

export function nodeBinary(target: Target): string {
  if (target.id === hostTarget()?.id) return realpathSync(process.execPath);
  const cached = join(NODE_CACHE, `${target.nodePackage}-${NODE_VERSION}`, `node${exe(target)}`);
  if (existsSync(cached)) return cached;
  const work = mkdtempSync(join(tmpdir(), 'node-pack-'));
  try {
    const spec = `${target.nodePackage}@${NODE_VERSION}`;
    console.error(`fetching ${spec} (npm pack)`);
    const packed = JSON.parse(execFileSync('npm', ['pack', spec, '--pack-destination', work, '--json', '--silent'], { encoding: 'utf8' })) as Array<{ filename: string }>;
    const tgz = join(work, (packed[0] as { filename: string }).filename);
    const want = `package/bin/node${exe(target)}`;
    const entry = readTar(readFileSync(tgz)).find((e) => e.name === want);
    if (!entry) throw new Error(`${spec} holds no ${want}`);
    mkdirSync(join(cached, '..'), { recursive: true });
    writeFileSync(`${cached}.partial`, entry.data);
    chmodSync(`${cached}.partial`, 0o755);
    renameSync(`${cached}.partial`, cached);
    return cached;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
