// cleanup's guards, each refusing with exit 2 and deleting nothing, then the real deletion and what it leaves.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCluster, type Cluster } from '../cluster/index.js';
import { runCli } from '../support/cli.js';
import { nonReviewWrites } from '../support/state.js';
import { CALICO_V24_RULES, CALICO_V25_RULES } from '../cluster/scenarios/rbac-data.js';

const TPR_LIST = { group: 'extensions', version: 'v1beta1', resource: 'thirdpartyresources' };

async function prepared(fn: (c: Cluster, run: (...argv: string[]) => ReturnType<typeof runCli>, backup: string) => Promise<void>, opts: { upgrade?: boolean; migrate?: boolean } = {}): Promise<void> {
  const c = await startCluster({ scenario: 'calico-v2.4' });
  const run = (...argv: string[]) => runCli(['--kubeconfig', c.kubeconfigPath, ...argv]);
  const backup = path.join(mkdtempSync(path.join(tmpdir(), 'cleanup-')), 'backup');
  try {
    assert.is((await run('backup', '-d', backup)).code, 0);
    if (opts.migrate !== false) assert.is((await run('migrate')).code, 0);
    if (opts.upgrade !== false) c.state.setDaemonSetImage('kube-system', 'calico-node', 'calico-node', 'quay.io/calico/node:v2.5.1');
    await fn(c, run, backup);
  } finally {
    await c.stop();
  }
}
const ROLE = { group: 'rbac.authorization.k8s.io', version: 'v1beta1', resource: 'clusterroles', name: 'calico-node' };
const ADDED = 'calico-migrate.projectcalico.org/added-rules';
const tprNames = (c: Cluster): string[] => c.state.list(TPR_LIST).map((t) => t.metadata.name).sort();

test('without --backup: a usage error (exit 4) saying how to make one, deleting nothing', () => prepared(async (c, run) => {
  const r = await run('cleanup', '-y');
  assert.is(r.code, 4);
  assert.match(r.stderr, /cleanup needs --backup DIR: .*kubectl calico-migrate backup -d DIR/);
  assert.is(tprNames(c).length, 5);
}));

test('refuses a tampered backup (exit 2)', () => prepared(async (c, run, backup) => {
  const file = path.join(backup, 'tpr/globalconfigs.projectcalico.org.json');
  writeFileSync(file, readFileSync(file, 'utf8').replace('KDD,k8s,bgp', 'KDD,k8s'));
  const r = await run('cleanup', '--backup', backup, '-y');
  assert.is(r.code, 2);
  assert.match(r.stderr, /cannot be used: tpr\/globalconfigs\.projectcalico\.org\.json has \d+ bytes, manifest\.json says \d+ \(truncated or modified\)/, r.stderr);
  assert.is(tprNames(c).length, 5);
}));

test('refuses a backup that no longer holds the live TPR data (exit 2)', () => prepared(async (c, run, backup) => {
  c.state.create({ group: 'projectcalico.org', version: 'v1', resource: 'globalconfigs', namespace: 'kube-system' },
    { apiVersion: 'projectcalico.org/v1', kind: 'GlobalConfig', metadata: { name: 'newkey', namespace: 'kube-system' }, spec: { name: 'NewKey', value: '1' } });
  const r = await run('cleanup', '--backup', backup, '-y');
  assert.is(r.code, 2);
  assert.match(r.stderr, /GlobalConfig kube-system\/newkey \(not in the backup\)/);
  assert.is(tprNames(c).length, 5);
}));

test('refuses when verify fails (not migrated) — exit 2', () => prepared(async (c, run, backup) => {
  const r = await run('cleanup', '--backup', backup, '-y');
  assert.is(r.code, 2);
  assert.match(r.stderr, /verify does not pass/);
  assert.is(tprNames(c).length, 5);
}, { migrate: false }));

test('refuses while calico/node runs v2.4 (exit 2); --force skips only that check', () => prepared(async (c, run, backup) => {
  const r = await run('cleanup', '--backup', backup, '-y');
  assert.is(r.code, 2);
  assert.match(r.stderr, /calico\/node does not run v2\.5 or later yet: DaemonSet kube-system\/calico-node runs quay\.io\/calico\/node:v2\.4\.1/);
  assert.is(tprNames(c).length, 5);
  const forced = await run('cleanup', '--backup', backup, '-y', '--force');
  assert.is(forced.code, 0, forced.stderr);
  assert.match(forced.stdout, /calico\/node\s+forced/);
}, { upgrade: false }));

test('refuses without -y when there is no terminal to ask (exit 2); a declined prompt deletes nothing', () => prepared(async (c, run, backup) => {
  const r = await run('cleanup', '--backup', backup);
  assert.is(r.code, 2);
  assert.match(r.stderr, /needs confirmation, and there is no terminal/);
  const declined = await runCli(['--kubeconfig', c.kubeconfigPath, 'cleanup', '--backup', backup], { tty: true, stdin: 'n\n' });
  assert.is(declined.code, 2);
  assert.match(declined.stderr, /declined/);
  assert.is(tprNames(c).length, 5);
}));

test('succeeds: deletes the four TPRs and their data, keeps the unmigrated SNP TPR; verify --backup still passes; a re-run is a no-op', () => prepared(async (c, run, backup) => {
  const r = await run('cleanup', '--backup', backup, '-y');
  assert.is(r.code, 0, r.stderr);
  assert.equal(tprNames(c), ['system-network-policy.alpha.projectcalico.org']);
  assert.throws(() => c.state.list({ group: 'projectcalico.org', version: 'v1', resource: 'ippools' }, 'kube-system'), /could not find/, 'the data endpoint is gone');
  // A warning, on stderr: what happens to the policies left in the kept TPR, and the command that keeps them.
  assert.match(r.stderr, /warning: kept system-network-policy\.alpha\.projectcalico\.org: 1 SystemNetworkPolicy\(s\) not migrated: .*Kubernetes 1\.8 deletes .*migrate --include-snp/);
  // The command it gives runs against the same cluster: with the connection flags this cleanup was given.
  assert.ok(r.stderr.includes(`kubectl calico-migrate --kubeconfig ${c.kubeconfigPath} migrate --include-snp`), r.stderr);
  assert.not.match(r.stdout, /warning/);
  assert.is((await run('verify', '--backup', backup)).code, 0);
  const again = await run('cleanup', '--backup', backup, '-y', '-o', 'json');
  assert.is(again.code, 0);
  assert.equal(JSON.parse(again.stdout).warnings.length, 1);
  assert.match(JSON.parse(again.stdout).warnings[0], /^kept system-network-policy\.alpha\.projectcalico\.org: 1 SystemNetworkPolicy/);
  // check does not call it complete while the kept TPR holds a policy, and says how to finish.
  const checked = await run('check');
  assert.is(checked.code, 1, checked.stderr);
  assert.not.match(checked.stdout, /migration is complete/);
  assert.match(checked.stdout, /the migration is not complete: 1 SystemNetworkPolicy\(s\) were not migrated/);
  assert.match(checked.stdout, /Next: kubectl calico-migrate .*migrate --include-snp/);
  // verify without --backup has no live source any more: it says to compare with the backup, not to migrate.
  const live = await run('verify');
  assert.match(live.stdout, /ThirdPartyResources are gone \(cleanup has run\).*verify --backup DIR/);
  assert.not.match(live.stdout, /run "kubectl calico-migrate migrate"/);
}));

test('with SNPs migrated (--include-snp), the SNP TPR goes too', () => prepared(async (c, run, backup) => {
  assert.is((await run('migrate', '--include-snp')).code, 0);
  const r = await run('cleanup', '--backup', backup, '-y');
  assert.is(r.code, 0, r.stderr);
  assert.equal(tprNames(c), []);
}));

test('the TPR rules rbac kept are revoked at the end of cleanup, after the TPRs are deleted: the role ends as Calico v2.5\'s', () => prepared(async (c, run, backup) => {
  assert.is((await run('rbac', '-y')).code, 0);
  assert.equal(c.state.get(ROLE)!.rules, [...CALICO_V24_RULES, CALICO_V25_RULES.at(-1)], 'until cleanup, v2.4 keeps its TPR access');
  const r = await run('cleanup', '--backup', backup, '-y', '-o', 'json');
  assert.is(r.code, 0, r.stderr);
  assert.equal(c.state.get(ROLE)!.rules, CALICO_V25_RULES);
  assert.is(c.state.get(ROLE)!.metadata.annotations?.[ADDED], undefined, 'rbac\'s record goes with the rules it recorded');
  assert.equal(JSON.parse(r.stdout).roles.map((x: any) => `${x.name}:${x.result}`), ['calico-node:updated']);
  const writes = nonReviewWrites(c);
  const put = writes.lastIndexOf('PUT /apis/rbac.authorization.k8s.io/v1beta1/clusterroles/calico-node');
  const lastDelete = Math.max(...writes.map((w, n) => (w.startsWith('DELETE /apis/extensions/v1beta1/thirdpartyresources/') ? n : -1)));
  assert.ok(lastDelete > 0 && put > lastDelete, 'revoked after every TPR delete');
  const table = await run('cleanup', '--backup', backup, '-y');
  assert.is(table.code, 0, table.stderr);
  assert.is(nonReviewWrites(c).length, writes.length, 'a re-run writes nothing');
}));

test('a revoke that fails after the deletes says so (exit 3, re-run to finish); the re-run revokes', () => prepared(async (c, run, backup) => {
  assert.is((await run('rbac', '-y')).code, 0);
  c.setFaults({ errorRate: 1, errorCodes: [500], only: (q) => q.method === 'PUT' && q.path.endsWith('/clusterroles/calico-node') });
  const r = await run('cleanup', '--backup', backup, '-y');
  assert.is(r.code, 3, r.stderr);
  assert.match(r.stderr, /the TPRs are gone, but revoking calico\/node's TPR rules failed/);
  assert.match(r.stderr, /Re-run the same cleanup command to finish/);
  assert.equal(tprNames(c), ['system-network-policy.alpha.projectcalico.org']);
  c.setFaults({});
  const again = await run('cleanup', '--backup', backup, '-y');
  assert.is(again.code, 0, again.stderr);
  assert.equal(c.state.get(ROLE)!.rules, CALICO_V25_RULES);
}));

test('interrupted between the delete and the revoke: the re-run finishes the revoke (not refused because the TPRs are gone)', () => prepared(async (c, run, backup) => {
  c.state.update(ROLE, { ...c.state.get(ROLE)!, rules: [...structuredClone(CALICO_V24_RULES), CALICO_V25_RULES.at(-1)] });
  for (const t of c.state.list(TPR_LIST)) c.state.delete({ ...TPR_LIST, name: t.metadata.name }); // as if the first run stopped here
  const before = nonReviewWrites(c).length;
  const noTty = await run('cleanup', '--backup', backup);
  assert.is(noTty.code, 2, 'the revoke is a write: it asks, and without a terminal refuses');
  assert.is(nonReviewWrites(c).length, before);
  const r = await run('cleanup', '--backup', backup, '-y');
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /Revoked the TPR rules from ClusterRole calico-node/);
  assert.equal(c.state.get(ROLE)!.rules, CALICO_V25_RULES);
}));

test.run();
