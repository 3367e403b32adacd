// The start-up fast path (help, version, completion) gives exactly what yargs gives for the same argv, and leaves
// every other argv to yargs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseFast } from '../../src/cli/fast-path.js';
import { parseWithYargs } from '../../src/cli/parser.js';
import { VERBS } from '../../src/cli/verbs/index.js';
import { GLOBAL_FLAGS } from '../../src/cli/flags.js';
import { takesNoValue, type Flag } from '../../src/cli/flag.js';

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
  ['--help', 'check'], ['-h', '-v'], ['--version', 'x'], ['nope'], ['nope', '--help'],
  ['version', '-o', 'json'], ['version', '--client', '--client'], ['version', '--client=true'], ['version', '--no-client'],
  ['-v', 'version'], ['--context', 'x', 'version', '--client'], ['completion'], ['completion', 'bash', 'x'], ['completion', '-h', 'x'],
  ['migrate', '--dry-run', '--dry-run'], ['migrate', '-v', '-v'], ['migrate', '-vv'], ['migrate', '--no-dry-run'], ['migrate', '--dry-run=true'],
  ['migrate', '--dryRun'], ['migrate', '--concurrency', '0'], ['migrate', '--concurrency'], ['migrate', '--context', '-x'], ['check', 'x'],
  ['migrate', '--nope'], ['--dry-run', 'migrate'], ['--kubeconfig'], ['-n', 'x'], ['-n', 'x', 'nope'], ['--context', 'c', 'version'],
  ['-v', '-v', 'migrate'], ['restore', '--target', 'etcd'], ['migrate', '-o', 'xml'], ['check', '--help', '-v'], ['cleanup', '--', 'x'],
  ['completion', '__complete', '--', '1'], ['completion', '__complete', '--', 'a', '--', 'b'], ['completion', '__complete', 'x'],
  ['completion', '--', 'x'], ['completion', 'Bash'], ['options', 'x'],
];

/** A value each flag accepts (its first choice, a duration, a number…), to write command lines with. */
function sampleValue(f: Flag): string {
  if (f.choices) return f.choices[f.choices.length - 1]!;
  if (/timeout/.test(f.name)) return '45s';
  if (f.name === 'concurrency') return '7';
  if (f.name === 'output') return 'yaml';
  if (f.name === 'color') return 'never';
  return `v-${f.name}`;
}

/** Every verb alone, with each of its flags (long, long=, short), and with all of them at once. */
function verbCommandLines(): string[][] {
  const lines: string[][] = [];
  for (const verb of VERBS.filter((v) => v.start && !v.positional && v.name !== 'version')) {
    const flags = [...GLOBAL_FLAGS, ...verb.flags] as Flag[];
    const forms = (f: Flag): string[][] => takesNoValue(f)
      ? [[`--${f.name}`], ...(f.short ? [[`-${f.short}`]] : [])]
      : [[`--${f.name}`, sampleValue(f)], [`--${f.name}=${sampleValue(f)}`], ...(f.short ? [[`-${f.short}`, sampleValue(f)]] : [])];
    lines.push([verb.name]);
    for (const f of flags) for (const form of forms(f)) lines.push([verb.name, ...form]);
    lines.push([verb.name, ...flags.flatMap((f) => forms(f)[0]!)]);
    lines.push([verb.name, ...flags.flatMap((f) => forms(f).at(-1)!)]);
    // Global flags before the verb, as kubectl takes them; the verb's own after it.
    lines.push([...GLOBAL_FLAGS.flatMap((f) => forms(f)[0]!), verb.name, ...verb.flags.flatMap((f) => forms(f as Flag).at(-1)!)]);
    lines.push(['--kubeconfig=/k', '-n', 'calico', verb.name]);
  }
  return lines;
}

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

test('a verb with its flags in plain forms is parsed as yargs parses it, values checked and converted the same', async () => {
  let taken = 0;
  const lines = verbCommandLines();
  for (const argv of lines) {
    const fast = parseFast(argv, VERBS, 100);
    const slow = await parseWithYargs(argv, 100).catch((e: Error) => e);
    const what = JSON.stringify(argv);
    if (!fast) continue;
    taken++;
    assert.ok(!(slow instanceof Error), `${what}: taken, but yargs refuses it: ${slow instanceof Error ? slow.message : ''}`);
    assert.is(fast.verb, (slow as Awaited<ReturnType<typeof parseWithYargs>>).verb, what);
    assert.equal(fast.args, (slow as Awaited<ReturnType<typeof parseWithYargs>>).args, what);
    assert.equal(fast.parsed?.words, (slow as Awaited<ReturnType<typeof parseWithYargs>>).parsed?.words, what);
  }
  assert.ok(taken >= lines.length * 0.9, `${taken} of ${lines.length} taken`);
});

test('every other argv is left to yargs', () => {
  for (const argv of LEFT_TO_YARGS) assert.is(parseFast(argv, VERBS, 100), undefined, JSON.stringify(argv));
});

test.run();
