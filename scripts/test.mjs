// Runs the whole uvu suite (every test/**/*.test.ts) on the project's pinned Node and ends with the line CI reads:
// "N passed, N failed, N skipped". uvu's own summary ("Total/Passed/Skipped") is not recognised by CI. uvu counts a
// test that returns early as passed, so a test that cannot run here prints test/support/skip.ts's marker, and each
// marker moves one test from passed to skipped.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const uvu = new URL('../node_modules/uvu/bin.js', import.meta.url).pathname;
const pattern = process.argv[2] ?? '\\.test\\.ts$';
// Always the project's pinned Node (npm ci installs it), even when this script is started with another node.
const node = new URL('../node_modules/.bin/node', import.meta.url).pathname;
// Every temporary file and directory of the run (backups, kubeconfigs, kubectl caches, test trees) lives under one
// directory, removed when the run ends, whatever the tests left behind.
const scratch = mkdtempSync(join(tmpdir(), 'calico-migrate-test-'));
const child = spawn(node, ['--import', 'tsx', uvu, 'test', pattern], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, FORCE_COLOR: '0', TMPDIR: scratch },
});
const removeScratch = () => rmSync(scratch, { recursive: true, force: true });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => { child.kill(signal); });
let out = '';
child.stdout.on('data', (chunk) => { out += chunk; process.stdout.write(chunk); });
child.on('close', (code, signal) => {
  removeScratch();
  const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
  const num = (label) => Number((plain.match(new RegExp(`${label}:\\s+(\\d+)`)) ?? [])[1] ?? NaN);
  const total = num('Total'), passed = num('Passed'), skipped = num('Skipped') || 0;
  if (Number.isNaN(total) || Number.isNaN(passed)) {
    console.log(`\n0 passed, 1 failed (the test runner ended without a summary: exit ${code ?? signal})`);
    process.exit(1);
  }
  const failed = total - passed - skipped;
  const skippedHere = plain.split('\n').filter((l) => l.startsWith('[test skipped] ')).length;
  console.log(`\n${passed - skippedHere} passed, ${failed} failed, ${skipped + skippedHere} skipped`);
  process.exit(code === 0 && failed === 0 ? 0 : 1);
});
