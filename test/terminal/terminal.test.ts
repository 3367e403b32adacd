// What a person at a real terminal (tmux, 80 and 120 columns) sees: results before the question about them, the
// prompt naming the cluster, progress erased before anything else is printed, colour reset on the line it colours,
// and tables that fit the width.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startCluster, type Cluster } from '../cluster/index.js';
import { runCli, type CliResult } from '../support/cli.js';
import { skip } from '../support/skip.js';
import { openTerminal, tmuxMissing, type Terminal } from '../support/tmux.js';

const CLI = path.resolve(new URL('../../bin/kubectl-calico_migrate', import.meta.url).pathname);

type Prepare = (cluster: Cluster, cli: (...argv: string[]) => Promise<CliResult>, dir: string) => Promise<void>;

/** `argv` in a terminal of `columns`, on a fresh cluster (first brought to a state by `prepare`, run in-process). */
async function inTerminal(columns: number, argv: string[], fn: (t: Terminal, server: string) => Promise<void>, prepare?: Prepare): Promise<void> {
  const missing = tmuxMissing();
  if (missing) return skip(missing);
  const cluster = await startCluster({});
  const dir = mkdtempSync(path.join(tmpdir(), 'terminal-'));
  await prepare?.(cluster, (...more) => runCli(['--kubeconfig', cluster.kubeconfigPath, ...more]), dir);
  const terminal = await openTerminal([CLI, '--kubeconfig', cluster.kubeconfigPath, ...argv], { columns, cwd: dir });
  try {
    await fn(terminal, cluster.url);
  } finally {
    await terminal.close();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every colour is reset on the line it colours: never a reset after the newline, never a colour left on. */
function assertColoursClosed(raw: string): void {
  assert.match(raw, /\x1b\[3[1-6]m/, 'the terminal got colour');
  for (const l of raw.split('\n')) assert.not.match(l, /^\r?\x1b\[39m/, `a colour reset after the newline: ${JSON.stringify(l)}`);
  for (const l of raw.split('\n')) assert.not.match(l, /\x1b\[3[1-6]m[^\x1b]*\r?$/, `a colour left on at the end of a line: ${JSON.stringify(l)}`);
}

/** Rows of a table: text, two spaces or more, text (prose has single spaces). */
const tableRows = (screen: string): string[] => screen.split('\n').filter((l) => /^[^\s[]/.test(l) && /\S {2,}\S/.test(l));

test('run at 120 columns: check and backup results are on screen before the question, which names the cluster; then the rest', () => inTerminal(120, ['run'], async (t, server) => {
  const asked = await t.waitFor(/Copy the TPR data to Calico v2\.5 CRDs now .*\[y\/N\]: $/m);
  const before = asked.slice(0, asked.lastIndexOf('Copy the TPR data'));
  assert.match(before, /== check ==\nCHECK\s+STATUS\s+DETAIL\n/);
  assert.match(before, /\[check\] Verdict: the migration is needed and can run/);
  assert.match(before, /== backup ==/);
  assert.match(before, /\[backup\] Backed up 18 Calico TPR objects/);
  assert.match(before, new RegExp(`target: context "admin", server ${server.replace(/[.]/g, '\\.')}`), 'the prompt names the cluster');
  assert.not.match(before, /== migrate ==/);
  await t.type('y', 'Enter');
  // The second question (calico/node's role) comes after migrate's and verify's results, and the rule it adds.
  const second = await t.waitFor(/Add Calico v2\.5's CRD rule to ClusterRole calico-node .*\[y\/N\]: $/m, 60_000);
  const between = second.slice(second.lastIndexOf('Copy the TPR data'));
  assert.match(between, /== verify ==[\s\S]*\[verify\] 18 match, 0 missing[\s\S]*\+ apiGroups: \[crd\.projectcalico\.org\]/);
  await t.type('y', 'Enter');
  const end = await t.waitFor(/\[exit \d+\]/, 60_000);
  assert.match(end, /\[exit 0\]/);
  const after = end.slice(end.indexOf('[y/N]: '));
  assert.ok(after.indexOf('== migrate ==') < after.indexOf('== verify ==') && after.indexOf('== verify ==') < after.indexOf('== rbac =='), 'the steps in order');
  assert.match(after, /Migration done: backup in /);
  assert.match(after, /Not done: 1 SystemNetworkPolicy\(s\) not migrated: .*migrate --include-snp/);
  // Progress is erased: none of it is left on a line of its own or in front of other text.
  assert.not.match(end, /reading the cluster…|reading TPR data and CRDs…|creating CRDs and waiting|writing CRD objects: \d/);
  for (const row of tableRows(end)) assert.ok([...row].length <= 120, `wider than 120: ${row}`);
  assertColoursClosed(t.raw());
}));

test('check at 80 columns: every table row fits, long cells shortened in the middle; colour resets stay on their line', () => inTerminal(80, ['check', '--color', 'always'], async (t) => {
  const end = await t.waitFor(/\[exit \d+\]/, 60_000);
  assert.match(end, /\[exit 0\]/);
  const rows = tableRows(end);
  assert.ok(rows.length > 20, `a table was printed (${rows.length} rows)`);
  for (const row of rows) assert.ok([...row].length <= 80, `wider than 80: ${row}`);
  assert.match(end, /…/);
  // As written to the terminal: every colour is reset before its line ends, and the progress line erased first.
  const raw = t.raw();
  assert.match(raw, /\x1b\[32mok\x1b\[39m/);
  assert.match(raw, /\r\x1b\[2Kreading the cluster…\r\x1b\[2KCHECK/);
  assertColoursClosed(raw);
}));

test('cleanup: the guards and what would be deleted are on screen before the question; declined, nothing is deleted', () => inTerminal(120, ['cleanup', '--backup', 'backup'], async (t) => {
  const asked = await t.waitFor(/Delete 4 ThirdPartyResources .*\[y\/N\]: $/m);
  const before = asked.slice(0, asked.lastIndexOf('Delete 4 ThirdPartyResources'));
  assert.match(before, /GUARD\s+STATUS\s+DETAIL\n/);
  assert.match(before, /calico\/node\s+ok/);
  assert.match(before, /THIRDPARTYRESOURCE\s+RESULT\nglobal-config\.projectcalico\.org\s+to delete\n/);
  assert.match(before, /system-network-policy\.alpha\.projectcalico\.org\s+kept/);
  assert.match(before, /target: context "admin", server https:\/\/127\.0\.0\.1:\d+, namespace kube-system\n[^\n]*$/, 'the prompt right after the target line');
  await t.type('n', 'Enter');
  const end = await t.waitFor(/\[exit \d+\]/);
  assert.match(end, /error: cleanup was declined: nothing was deleted\n\[exit 2\]/);
}, async (cluster, cli, dir) => {
  assert.is((await cli('backup', '-d', path.join(dir, 'backup'))).code, 0);
  assert.is((await cli('migrate')).code, 0);
  cluster.state.setDaemonSetImage('kube-system', 'calico-node', 'calico-node', 'quay.io/calico/node:v2.5.1');
}));

test('rollback: the plan (what would be deleted and kept) is on screen before the question', () => inTerminal(120, ['rollback'], async (t) => {
  const asked = await t.waitFor(/Delete 16 Calico CRs and 5 CRDs created by migrate.*\[y\/N\]: $/m);
  const before = asked.slice(0, asked.lastIndexOf('Delete 16 Calico CRs'));
  assert.match(before, /KIND\s+NAME\s+RESULT\s+DETAIL\n/);
  assert.match(before, /IPPool\s+192-168-0-0-16\s+would delete/);
  assert.match(before, /CRD\s+RESULT\s+DETAIL\nglobalfelixconfigs\.crd\.projectcalico\.org\s+would delete/);
  await t.type('n', 'Enter');
  const end = await t.waitFor(/\[exit \d+\]/);
  assert.match(end, /error: declined: nothing was written\n(note: no audit record was written[^\n]*\n)?\[exit 2\]/, end.slice(-600));
}, async (_cluster, cli) => {
  assert.is((await cli('migrate')).code, 0);
}));

test.run();
