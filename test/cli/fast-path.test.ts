// The start-up fast path (help, version, completion) gives exactly what yargs gives for the same argv, and leaves
// every other argv to yargs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseFast } from '../../src/cli/fast-path.js';
import { parseWithYargs } from '../../src/cli/parser.js';
import { VERBS } from '../../src/cli/verbs/index.js';

const TAKEN: string[][] = [
  [], ['--help'], ['-h'], ['--version'],
  ...VERBS.flatMap((v) => [[v.name, '--help'], [v.name, '-h']]),
  ['options'], ['version'], ['version', '--client'],
  ['completion', 'bash'], ['completion', 'zsh'], ['completion', 'fish'], ['completion', 'tcsh'],
  ['completion', '__complete', '--', ''], ['completion', '__complete', '--', 'mig'], ['completion', '__complete', '--'],
  ['completion', '__complete', '--', 'migrate', '--context', ''], ['completion', '__complete', '--', '-o', ''],
  ['completion', '__complete', '--', 'version', '--output=j'], ['completion', '__complete', '--', 'check', '-n', 'calico', '--as-group', 'a b'],
];

const LEFT_TO_YARGS: string[][] = [
  ['--help', 'check'], ['-h', '-v'], ['--version', 'x'], ['nope'], ['nope', '--help'], ['check'], ['migrate', '--dry-run'],
  ['version', '-o', 'json'], ['version', '--client', '--client'], ['version', '--client=true'], ['version', '--no-client'],
  ['-v', 'version'], ['--context', 'x', 'version', '--client'], ['completion'], ['completion', 'bash', 'x'], ['completion', '-h', 'x'],
  ['completion', '__complete', '--', '1'], ['completion', '__complete', '--', 'a', '--', 'b'], ['completion', '__complete', 'x'],
  ['completion', '--', 'x'], ['completion', 'Bash'], ['options', 'x'],
];

for (const width of [80, 100, 120]) {
  test(`what the fast path takes, it parses as yargs does (width ${width})`, async () => {
    for (const argv of TAKEN) {
      const fast = parseFast(argv, VERBS, Math.min(width, 120));
      assert.ok(fast, `taken: ${JSON.stringify(argv)}`);
      const slow = await parseWithYargs(argv, width);
      const what = JSON.stringify(argv);
      assert.is(fast.output, slow.output, what);
      assert.is(fast.verb, slow.verb, what);
      // The same keys in the same order, the same values.
      assert.is(JSON.stringify(fast.args), JSON.stringify(slow.args), what);
      assert.equal(fast.parsed?.words, slow.parsed?.words, what);
    }
  });
}

test('the completion engine gets the same CLI from either', async () => {
  const argv = ['completion', '__complete', '--', ''];
  assert.equal(await parseFast(argv, VERBS, 100)?.parsed?.cli(), await (await parseWithYargs(argv, 100)).parsed?.cli());
});

test('every other argv is left to yargs', () => {
  for (const argv of LEFT_TO_YARGS) assert.is(parseFast(argv, VERBS, 100), undefined, JSON.stringify(argv));
});

test.run();
