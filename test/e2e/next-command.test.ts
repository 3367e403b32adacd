// The "Next:" commands keep the connection flags the user gave (kubeconfig, context, cluster, user, server, TLS files,
// impersonation, -n), so pasted as printed they reach the same cluster as the same user; a token is never printed.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startCluster } from '../cluster/index.js';
import { runCli } from '../support/cli.js';
import { nextCommands, shellQuote } from '../../src/cli/next-command.js';
import type { GlobalArgs } from '../../src/cli/flags.js';
import { withCluster } from '../support/harness.js';


/** The words a POSIX shell makes of a printed command line. */
function shellWords(commandLine: string): string[] {
  const out = execFileSync('sh', ['-c', `set -- ${commandLine}; for w in "$@"; do printf '%s\\0' "$w"; done`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

const nextOf = async (argv: string[]): Promise<{ code: number; next: string[]; stdout: string; stderr: string }> => {
  const r = await runCli([...argv, 'check', '-o', 'json']);
  return { ...r, next: r.stdout ? JSON.parse(r.stdout).verdict.next : [] };
};

test('check keeps --kubeconfig, --context, --user, --as and every --as-group in its next command', () => withCluster(async (c) => {
  const r = await nextOf(['--kubeconfig', c.kubeconfigPath, '--context', 'admin', '--user', 'admin', '--as', 'test-admin', '--as-group', 'system:masters', '--as-group', 'ops']);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.next[0], `kubectl calico-migrate --kubeconfig ${c.kubeconfigPath} --context admin --user admin --as test-admin --as-group system:masters --as-group ops run`);
}));

test('--server, --certificate-authority and --token: the next command names the server and the CA, never the token', () => withCluster(async (c) => {
  const token = c.users.admin!.token;
  const r = await runCli(['--server', c.url, '--certificate-authority', c.caPath, '--token', token, 'check']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, `\nNext: kubectl calico-migrate --server ${c.url} --token TOKEN --certificate-authority ${c.caPath} run\n`);
  assert.not.match(r.stdout + r.stderr, token);
}));

test('-n other than kube-system is kept; the namespace is not added when it is the default', () => withCluster(async (c) => {
  // A user who may read nothing: the verdict ends with "check" again, for after the rules are granted.
  const r = await nextOf(['--kubeconfig', c.kubeconfigPath, '--context', 'nobody', '-n', 'calico-system']);
  assert.is(r.code, 2, r.stderr);
  assert.is(r.next.at(-1), `kubectl calico-migrate --kubeconfig ${c.kubeconfigPath} --context nobody -n calico-system check`);
  const d = await nextOf(['--kubeconfig', c.kubeconfigPath, '-n', 'kube-system']);
  assert.is(d.next[0], `kubectl calico-migrate --kubeconfig ${c.kubeconfigPath} run`);
}));

test('a kubeconfig path with a space and a quote is quoted so a shell reads it back as one word', () => withCluster(async (c, _cli, dir) => {
  const odd = path.join(dir, "it's a dir");
  mkdirSync(odd);
  const kubeconfig = path.join(odd, 'kube config');
  copyFileSync(c.kubeconfigPath, kubeconfig);
  const r = await nextOf(['--kubeconfig', kubeconfig]);
  assert.is(r.code, 0, r.stderr);
  assert.equal(shellWords(r.next[0]!), ['kubectl', 'calico-migrate', '--kubeconfig', kubeconfig, 'run']);
}));

test('kubectl steps (set image) carry the same flags: the state after rbac', () => withCluster(async (c) => {
  const flags = ['--kubeconfig', c.kubeconfigPath, '--context', 'admin'];
  assert.is((await runCli([...flags, 'migrate'])).code, 0);
  assert.is((await runCli([...flags, 'rbac', '-y'])).code, 0);
  const r = await nextOf(flags);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.next[0], `kubectl --kubeconfig ${c.kubeconfigPath} --context admin -n kube-system set image daemonset/calico-node calico-node=quay.io/calico/node:v2.5.1`);
}));

test('migrate, rbac, restore --target crd and run print their next commands with the same flags', () => withCluster(async (c, _cli, dir) => {
  const flags = ['--kubeconfig', c.kubeconfigPath, '--context', 'admin'];
  const prefix = `kubectl calico-migrate --kubeconfig ${c.kubeconfigPath} --context admin`;
  const backup = path.join(dir, 'backup');
  assert.is((await runCli([...flags, 'backup', '-d', backup])).code, 0);
  const migrated = await runCli([...flags, 'migrate']);
  assert.match(migrated.stdout, `\nNext: ${prefix} verify\n`);
  const restored = await runCli([...flags, 'restore', '--backup', backup, '--target', 'crd']);
  assert.is(restored.code, 0, restored.stderr);
  assert.match(restored.stdout, `\nNext: ${prefix} verify --backup ${backup}\n`);
  const role = await runCli([...flags, 'rbac', '-y']);
  assert.match(role.stdout, `\nNext: upgrade calico/node to v2.5, then: ${prefix} cleanup --backup DIR (it revokes the TPR rules once the TPRs are gone)\n`);

  const fresh = await startCluster({ scenario: 'calico-v2.4' });
  try {
    const runBackup = path.join(dir, 'run backup');
    const r = await runCli(['--kubeconfig', fresh.kubeconfigPath, '--context', 'admin', 'run', '-y', '-d', runBackup, '-o', 'json']);
    assert.is(r.code, 0, r.stderr);
    const next: string[] = JSON.parse(r.stdout).next;
    assert.is(next[0], `kubectl --kubeconfig ${fresh.kubeconfigPath} --context admin -n kube-system set image daemonset/calico-node calico-node=quay.io/calico/node:v2.5.1`);
    assert.match(next[1]!, `kubectl --kubeconfig ${fresh.kubeconfigPath} --context admin -n kube-system rollout status daemonset/calico-node`);
    assert.match(next[1]!, `then: kubectl calico-migrate --kubeconfig ${fresh.kubeconfigPath} --context admin check (state calico-upgraded)`);
    assert.is(next[2], `kubectl calico-migrate --kubeconfig ${fresh.kubeconfigPath} --context admin cleanup --backup '${runBackup}'`);
    assert.equal(shellWords(next[2]!).slice(-2), ['--backup', runBackup]);
  } finally {
    await fresh.stop();
  }
}));

test('shellQuote: a POSIX shell reads every word back unchanged', () => {
  const words = ['plain', "it's", 'a b', '$HOME', '`id`', '*', '~/x', '', 'new\nline', 'back\\slash', '"q"', 'ünï', '--as-group=system:masters', '-n', ';', '|', '&'];
  assert.equal(shellWords(words.map(shellQuote).join(' ')), words);
  assert.is(shellQuote('/tmp/kube.yaml'), '/tmp/kube.yaml', 'safe words stay bare');
});

test('every connection flag is kept, in kubectl\'s order; behaviour flags are not', () => {
  const args = {
    kubeconfig: 'k', context: 'c', cluster: 'cl', user: 'u', server: 'https://s:6443', token: 'secret', 'certificate-authority': 'ca.crt',
    'client-certificate': 'c.crt', 'client-key': 'c.key', 'insecure-skip-tls-verify': true, 'tls-server-name': 'api', as: 'me', 'as-group': ['g1', 'g2'],
    'request-timeout': '30s', namespace: 'calico', output: 'json', color: 'never', verbose: 2, concurrency: 4, yes: true,
  } as GlobalArgs;
  const commands = nextCommands(args);
  const flags = '--kubeconfig k --context c --cluster cl --user u --server https://s:6443 --token TOKEN --certificate-authority ca.crt --client-certificate c.crt --client-key c.key --insecure-skip-tls-verify --tls-server-name api --as me --as-group g1 --as-group g2';
  assert.is(commands.plugin('check'), `kubectl calico-migrate ${flags} -n calico check`);
  assert.is(commands.kubectl('-n', 'calico', 'get', 'pods'), `kubectl ${flags} -n calico get pods`);
  assert.is(nextCommands({ namespace: 'kube-system' } as GlobalArgs).plugin(), 'kubectl calico-migrate');
  assert.is(nextCommands({ namespace: 'kube-system', server: 'https://me:pw@k8s.example:6443/x' } as GlobalArgs).plugin('check'),
    'kubectl calico-migrate --server https://k8s.example:6443/x check', 'a password in the server URL is not printed either');
});

test.run();
