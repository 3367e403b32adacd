// The CLI's surface without a cluster: help, version, usage errors and their exit codes (contract: 4 = usage).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../support/cli.js';
import pkg from '../../package.json' with { type: 'json' };
import { CONNECTION_GROUP, GLOBAL_FLAGS } from '../../src/cli/flags.js';
import { VERBS } from '../../src/cli/verbs/index.js';

test('--help prints kubectl-style usage with every verb and the exit codes, and exits 0', async () => {
  const r = await runCli(['--help']);
  assert.is(r.code, 0);
  assert.match(r.stdout, 'Usage: kubectl calico-migrate VERB [flags]');
  for (const verb of VERBS) assert.match(r.stdout, new RegExp(`^  ${verb.command.replace(/[[\]]/g, '\\$&')}  `, 'm'), verb.name);
  assert.match(r.stdout, '4  usage error');
  assert.match(r.stdout, 'Use "kubectl calico-migrate options" for the connection flags');
  assert.is(r.stderr, '');
});

/** The flags a help section lists, in order: `  -o, --output string   …` → output. */
function section(help: string, title: string): string[] {
  const start = help.indexOf(`\n${title}\n`);
  if (start < 0) return [];
  const body = help.slice(start + title.length + 2).split('\n\n')[0]!;
  return [...body.matchAll(/^ {2}(?:-\w, | {4})--([\w-]+)/gm)].map((m) => m[1]!);
}

test("a verb's --help: its examples, its own flags, then the common flags; the connection flags are on the options page", async () => {
  const r = await runCli(['migrate', '--help'], { tty: true, columns: 120 });
  assert.is(r.code, 0);
  assert.match(r.stdout, 'Usage: kubectl calico-migrate migrate [flags]');
  assert.ok(r.stdout.indexOf('Examples:') < r.stdout.indexOf('Flags:'), r.stdout);
  assert.ok(r.stdout.indexOf('Flags:') < r.stdout.indexOf('Common flags:'), r.stdout);
  assert.equal(section(r.stdout, 'Flags:'), ['dry-run', 'overwrite', 'diff', 'include-snp', 'backup', 'establish-timeout']);
  assert.equal(section(r.stdout, 'Common flags:'), ['output', 'color', 'show-all', 'verbose', 'concurrency', 'yes', 'help']);
  assert.match(r.stdout, /--establish-timeout DURATION +How long .* \(default "60s"\)/);
  assert.not.match(r.stdout, /^ +--kubeconfig/m);
  assert.match(r.stdout, 'Use "kubectl calico-migrate options" for the connection flags');
});

test('every verb has examples, each a comment then a command of this plugin that parses', async () => {
  for (const verb of VERBS) {
    assert.ok(verb.examples?.length, `${verb.name} has no examples`);
    const help = (await runCli([verb.name, '--help'])).stdout;
    for (const [command, what] of verb.examples!) {
      assert.match(help, `  ${command}\n`, `${verb.name}: ${command}`);
      assert.match(help, `  # ${what.split(' ').slice(0, 3).join(' ')}`);
      const words = command.split(' ');
      if (words.slice(0, 2).join(' ') !== 'kubectl calico-migrate' || words.includes('>')) continue;  // a shell line (completion's)
      const parsed = await runCli([...words.slice(2), '--help']);
      assert.is(parsed.code, 0, `${command}: ${parsed.stderr}`);
    }
  }
});

test('options lists every connection flag with its value and default, and contacts no cluster', async () => {
  const r = await runCli(['options'], { env: { KUBECONFIG: '/does/not/exist' }, tty: true, columns: 120 });
  assert.is(r.code, 0, r.stderr);
  assert.equal(section(r.stdout, 'Connection flags:'), GLOBAL_FLAGS.filter((f) => f.group === CONNECTION_GROUP).map((f) => f.name));
  assert.match(r.stdout, /-n, --namespace string +Namespace holding Calico's TPR data and DaemonSet \(default "kube-system"\)/);
  assert.match(r.stdout, /--request-timeout DURATION/);
  assert.is((await runCli(['options', '--help'])).code, 0);
});

/** The words, whatever the line breaks (a wrapped example comment starts its next line with another `#`). */
const words = (text: string): string => text.split(/\s+/).filter((w) => w !== '#').join(' ');

for (const columns of [80, 120]) {
  test(`help fits a terminal of ${columns} columns, breaking lines only between words`, async () => {
    for (const argv of [['--help'], ['options'], ...VERBS.map((v) => [v.name, '--help'])]) {
      const { stdout } = await runCli(argv, { tty: true, columns });
      const commands = VERBS.flatMap((v) => v.examples ?? []).map(([command]) => `  ${command}`);
      for (const l of stdout.split('\n')) if (!commands.includes(l)) assert.ok(l.length <= columns, `${argv.join(' ')}: ${l.length} columns: ${l}`);
      // Only spaces differ from the same help laid out at another width: no word (a flag, a path) was cut.
      assert.is(words(stdout), words((await runCli(argv)).stdout), argv.join(' '));
      if (argv[0] === '--help') assert.match(stdout, /cleanup --backup DIR\./);
    }
  });
}

test('help is wrapped at 100 columns when stdout is not a terminal, and never wider than 120', async () => {
  const width = (r: { stdout: string }) => Math.max(...r.stdout.split('\n').map((l) => l.length));
  const piped = await runCli(['--help']);
  assert.ok(width(piped) <= 100 && width(piped) > 90, String(width(piped)));
  const wide = await runCli(['--help'], { tty: true, columns: 200 });
  assert.ok(width(wide) <= 120 && width(wide) > 100, String(width(wide)));
});

test('a bare invocation prints usage and exits 0', async () => {
  const r = await runCli([]);
  assert.is(r.code, 0);
  assert.match(r.stdout, 'Usage: kubectl calico-migrate');
});

test('--version prints v + package.json version without touching a cluster', async () => {
  const r = await runCli(['--version'], { env: { KUBECONFIG: '/does/not/exist' } });
  assert.is(r.code, 0);
  assert.is(r.stdout.trim(), `v${pkg.version}`);
});

test('version --client never contacts a cluster, -o json gives the stable shape', async () => {
  const r = await runCli(['version', '--client', '-o', 'json', '--server', 'https://127.0.0.1:1']);
  assert.is(r.code, 0);
  const data = JSON.parse(r.stdout);
  assert.is(data.clientVersion.version, `v${pkg.version}`);
  assert.is(data.serverVersion, undefined);
});

const usageErrors: Array<[string[], RegExp]> = [
  [['bogus'], /^error: unknown verb "bogus" for "kubectl calico-migrate"\n/],
  [['chek'], /did you mean "check"\?/],
  [['-n', 'kube-system', 'chek'], /unknown verb "chek"/],
  [['migrate', '--bogus'], /^error: unknown flag --bogus for "kubectl calico-migrate migrate"\n/],
  [['migrate', '--dryrun'], /unknown flag --dryrun for "kubectl calico-migrate migrate"; did you mean --dry-run\?/],
  [['migrate', '--include_snp'], /did you mean --include-snp\?/],
  [['rbac', '--revrt'], /did you mean --revert\?/],
  [['migrate', '--contxt', 'prod'], /did you mean --context\?/],
  [['check', '--dry-run'], /unknown flag --dry-run for "kubectl calico-migrate check": it is a flag of migrate, rbac, restore and rollback$/m],
  [['verify', '--no-force'], /unknown flag --no-force for "kubectl calico-migrate verify": it is a flag of backup and cleanup$/m],
  [['check', '-d', 'x'], /unknown flag -d for "kubectl calico-migrate check": it is a flag of backup and run$/m],
  [['cleanup', '-y'], /cleanup needs --backup DIR: the backup that holds the TPR data it deletes \(make one with "kubectl calico-migrate backup -d DIR"\)/],
  [['restore', '--target', 'crd'], /restore needs --backup DIR: the backup to restore from/],
  [['version', '-o', 'xml'], /unable to match a printer suitable for the output format "xml", allowed formats are: table,wide,json,yaml/],
  [['version', '--concurrency', '0'], /invalid value "0" for --concurrency/],
  [['version', '--concurrency', 'many'], /invalid value "many" for --concurrency/],
  [['version', '--color', 'sometimes'], /invalid value "sometimes" for --color/],
  [['restore', '--target', 'etcd'], /Invalid values/],
];
for (const [argv, message] of usageErrors) {
  test(`usage error: ${argv.join(' ')} → exit 4, one clear line plus a pointer to --help`, async () => {
    const r = await runCli(argv);
    assert.is(r.code, 4);
    assert.match(r.stderr, message);
    const verb = VERBS.find((v) => v.name === argv[0]);
    assert.match(r.stderr, `\nSee 'kubectl calico-migrate ${verb ? `${verb.name} ` : ''}--help' for usage.\n`);
    assert.is(r.stderr.trim().split('\n').length, 2, r.stderr);
    assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
    assert.is(r.stdout, '');
  });
}

test('an invalid --request-timeout is a usage error when the verb connects', async () => {
  const r = await runCli(['version', '--request-timeout', 'soon', '--server', 'https://127.0.0.1:1', '--token', 'x']);
  assert.is(r.code, 4);
  assert.match(r.stderr, 'invalid value "soon" for --request-timeout');
});

test.run();
