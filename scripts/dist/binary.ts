// One target's standalone binary: its official Node binary, prepared (stripped, or its signature removed, since
// injection breaks it and a broken signature is worse than none), with the SEA blob injected.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { unsign } from 'macho-unsign';
import { nodeBinary } from './node-binary.js';
import { inject } from './sea.js';
import type { Target } from './targets.js';
import { onPath } from './tools.js';

export async function buildBinary(target: Target, blob: string, out: string): Promise<string> {
  const node = nodeBinary(target);
  mkdirSync(dirname(out), { recursive: true });
  rmSync(out, { force: true });
  const prepare = target.prepare;
  if ('strip' in prepare) {
    copyFileSync(node, out);
    chmodSync(out, 0o755);
    execFileSync(prepare.strip, [out], { stdio: 'inherit' });
  } else if (prepare.unsign === 'macho') {
    const unsigned = unsign(readFileSync(node));
    writeFileSync(out, unsigned ? Buffer.from(unsigned) : readFileSync(node), { mode: 0o755 });
  } else {
    // osslsigncode refuses to overwrite its -out file, hence the rmSync above.
    execFileSync('osslsigncode', ['remove-signature', '-in', node, '-out', out], { stdio: ['ignore', 'ignore', 'inherit'] });
    chmodSync(out, 0o755);
  }
  await inject(out, blob, target.os === 'darwin');
  if (target.adHocSign) adHocSign(out);
  return out;
}

// Only reached for a native darwin/arm64 build, which needs a Node binary the registry does not have today.
function adHocSign(file: string): void {
  if (onPath('codesign')) execFileSync('codesign', ['--sign', '-', '--force', file], { stdio: 'inherit' });
  else if (onPath('rcodesign')) execFileSync('rcodesign', ['sign', file], { stdio: 'inherit' });
  else if (onPath('ldid')) execFileSync('ldid', ['-S', file], { stdio: 'inherit' });
  else throw new Error(`cannot sign ${file}: no codesign, rcodesign or ldid on PATH`);
}

/** Which ad-hoc signer this machine has, if any (a native darwin/arm64 build is pointless without one). */
export const canAdHocSign = (): boolean => ['codesign', 'rcodesign', 'ldid'].some(onPath);
