// The CLI's surface without a cluster: help, version, usage errors and their exit codes (contract: 4 = usage).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../support/cli.js';
import pkg from '../../package.json' with { type: 'json' };

test('--help prints kubectl-style usage with every verb and the exit codes, and exits 0', async () => {
  const r = await runCli(['--help']);
  assert.is(r.code, 0);
  assert.match(r.stdout, 'Usage: kubectl calico-migrate VERB [flags]');
  for (const verb of ['check', 'backup', 'migrate', 'verify', 'rbac', 'cleanup', 'restore', 'rollback', 'run', 'version', 'completion']) {
    assert.match(r.stdout, new RegExp(`kubectl calico-migrate ${verb}\\b`), verb);
  }
  assert.match(r.stdout, '4  usage error');
  assert.is(r.stderr, '');
});

test('a verb\'s --help shows its own flags and the shared connection flags', async () => {
  const r = await runCli(['migrate', '--help']);
  assert.is(r.code, 0);
  assert.match(r.stdout, 'Usage: kubectl calico-migrate migrate [flags]');
  assert.match(r.stdout, '--dry-run');
  assert.match(r.stdout, '--kubeconfig');
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
  [['migrate', '--bogus'], /Unknown argument: bogus/],
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
    assert.match(r.stderr, "See 'kubectl calico-migrate --help' for usage.");
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
