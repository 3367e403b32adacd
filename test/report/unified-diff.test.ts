// unifiedDiff's hunks are GNU `diff -u -N`'s (the program kubectl diff runs by default), line for line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { unifiedDiff } from '../../src/report/unified-diff.js';
import { skip } from '../support/skip.js';

const lines = (n: number, edit: (i: number) => string | undefined = (i) => `line ${i}`): string =>
  Array.from({ length: n }, (_, i) => edit(i + 1)).filter((l) => l !== undefined).map((l) => `${l}\n`).join('');

const CASES: Array<[string, string, string]> = [
  ['one line changed in the middle', lines(20), lines(20, (i) => (i === 10 ? 'changed' : `line ${i}`))],
  ['two changes far apart: two hunks', lines(30), lines(30, (i) => (i === 3 || i === 27 ? `new ${i}` : `line ${i}`))],
  ['a line added at the end', lines(5), `${lines(5)}added\n`],
  ['the first line removed', lines(5), lines(5, (i) => (i === 1 ? undefined : `line ${i}`))],
  ['a one-line text replaced', 'a\n', 'b\n'],
  ['lines added to an empty text', '', 'x\ny\n'],
];

test('hunks and ranges as GNU diff -u -N prints them; the header is kubectl diff\'s', () => {
  if (!spawnSync('diff', ['--version'], { encoding: 'utf8' }).stdout?.includes('GNU')) return skip('GNU diff is not installed');
  const dir = mkdtempSync(path.join(tmpdir(), 'udiff-'));
  try {
    for (const [what, before, after] of CASES) {
      const [a, b] = [path.join(dir, 'LIVE'), path.join(dir, 'MERGED')];
      writeFileSync(a, before);
      writeFileSync(b, after);
      const gnu = spawnSync('diff', ['-u', '-N', a, b], { encoding: 'utf8' }).stdout.split('\n').slice(2, -1);
      const ours = unifiedDiff('LIVE/x', 'MERGED/x', before, after);
      assert.equal(ours.slice(0, 3), ['diff -u -N LIVE/x MERGED/x', '--- LIVE/x', '+++ MERGED/x'], what);
      assert.equal(ours.slice(3), gnu, what);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(unifiedDiff('LIVE/x', 'MERGED/x', 'same\n', 'same\n'), [], 'equal texts: no diff at all');
});

test.run();
