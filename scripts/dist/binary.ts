// One target's standalone binary: its official Node binary, prepared (stripped, or its signature removed, since
// injection breaks it and a broken signature is worse than none), with the SEA blob injected; darwin/arm64 then
// signed ad hoc, since macOS runs no unsigned arm64 code.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { unsign } from 'macho-unsign';
import { adHocSign } from './macho-sign.js';
import { nodeBinary } from './node-binary.js';
import { inject } from './sea.js';
import type { Target } from './targets.js';

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
  if (target.adHocSign) writeFileSync(out, adHocSign(readFileSync(out), basename(out)).binary, { mode: 0o755 });
  return out;
}
