// migrate --dry-run -o json|yaml prints the objects it would send as a kind: List, and --diff the changes --overwrite
// would make to existing CRs; proven against the bodies the simulated cluster receives on the real run.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { load } from 'js-yaml';
import type { Cluster } from '../cluster/index.js';
import { nonReviewWrites } from '../support/state.js';
import { withCluster } from '../support/harness.js';

const POOL = { group: 'crd.projectcalico.org', version: 'v1', resource: 'ippools', name: '192-168-0-0-16' };

/** Every write the cluster received after `from` (access reviews aside), as the item a dry-run would print for it. */
function sentSince(c: Cluster, from: number): unknown[] {
  return c.writes().filter((w) => !w.review).slice(from).map((w) => {
    const node = /^\/api\/v1\/nodes\/([^/]+)$/.exec(w.path);
    if (w.method !== 'PATCH' || !node) return w.body;
    // A Node patch's item is its body with the apiVersion, kind and name that the URL says.
    const body = w.body as { metadata: object };
    return { apiVersion: 'v1', kind: 'Node', ...body, metadata: { name: decodeURIComponent(node[1]!), ...body.metadata } };
  });
}

const byIdentity = (items: unknown[]): unknown[] => [...items].sort((a: any, b: any) =>
  `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`));

/** Migrates, then edits one IPPool so that it differs from its TPR source (a conflict; --overwrite replaces it). */
async function migratedThenEdited(c: Cluster, cli: (...argv: string[]) => Promise<{ code: number; stderr: string }>): Promise<void> {
  const r = await cli('migrate');
  assert.is(r.code, 0, r.stderr);
  const pool = c.state.get(POOL)!;
  c.state.update(POOL, { ...pool, metadata: { ...pool.metadata, labels: { team: 'net' } }, spec: { ...(pool.spec as object), 'nat-outgoing': undefined, disabled: true } });
}

test('--dry-run -o yaml: a kind: List of the CRDs, CRs and Node patches, equal to the bodies the real run sends; no write', () => withCluster(async (c, cli) => {
  const dry = await cli('migrate', '--dry-run', '-o', 'yaml');
  assert.is(dry.code, 0, dry.stderr);
  assert.equal(nonReviewWrites(c), [], 'the dry-run sent no write');
  const list = load(dry.stdout) as { apiVersion: string; kind: string; items: any[] };
  assert.is(list.apiVersion, 'v1');
  assert.is(list.kind, 'List');
  assert.equal(list.items.map((i) => i.kind), [
    ...Array(5).fill('CustomResourceDefinition'),
    ...Array(6).fill('GlobalFelixConfig'), ...Array(4).fill('IPPool'), ...Array(3).fill('GlobalBGPConfig'), ...Array(3).fill('BGPPeer'),
    'Node',
  ]);
  assert.match(dry.stderr, 'the List holds what migrate would send, 22 objects (5 CRDs, 16 to create, 0 to replace, 1 Node patch); left out: 2 ignored');

  const real = await cli('migrate');
  assert.is(real.code, 0, real.stderr);
  const sent = sentSince(c, 0);
  assert.is(sent.length, 22);
  assert.equal(byIdentity(list.items), byIdentity(sent));
}));

test('restore --target crd --dry-run -o json: the same kind: List, equal to the bodies the real restore sends; no write', () => withCluster(async (c, cli) => {
  const dir = `${c.kubeconfigPath}-backup`;
  assert.is((await cli('backup', '-d', dir)).code, 0);
  const before = nonReviewWrites(c).length;
  const dry = await cli('restore', '--backup', dir, '--target', 'crd', '--dry-run', '-o', 'json');
  assert.is(dry.code, 0, dry.stderr);
  assert.is(nonReviewWrites(c).length, before, 'the dry-run sent no write');
  const list = JSON.parse(dry.stdout) as { kind: string; items: any[] };
  assert.is(list.kind, 'List');
  // From a backup no Node is patched (its resourceVersions belong to another time): the CRDs and the CRs.
  assert.equal([...new Set(list.items.map((i) => i.kind))], ['CustomResourceDefinition', 'GlobalFelixConfig', 'IPPool', 'GlobalBGPConfig', 'BGPPeer']);
  const real = await cli('restore', '--backup', dir, '--target', 'crd');
  assert.is(real.code, 0, real.stderr);
  assert.equal(byIdentity(list.items), byIdentity(sentSince(c, before)));
  // --target tpr keeps its plan as its result (the TPRs it would recreate), not a List.
  const tpr = JSON.parse((await cli('restore', '--backup', dir, '--target', 'tpr', '--dry-run', '-o', 'json')).stdout);
  assert.equal([tpr.kind, tpr.target, tpr.dryRun], [undefined, 'tpr', true]);
}));

test('--dry-run --overwrite -o json: the full object that replaces a differing CR, as the real --overwrite PUTs it; -o json without --overwrite: no item, exit 1', () => withCluster(async (c, cli) => {
  await migratedThenEdited(c, cli);
  const before = nonReviewWrites(c).length;

  const conflict = await cli('migrate', '--dry-run', '-o', 'json');
  assert.is(conflict.code, 1, 'a conflict left is exit 1, as for the plan');
  assert.equal(JSON.parse(conflict.stdout).items, []);
  assert.match(conflict.stderr, 'left out: 15 unchanged, 1 in conflict, 2 ignored');

  const dry = await cli('migrate', '--dry-run', '--overwrite', '-o', 'json');
  assert.is(dry.code, 0, dry.stderr);
  assert.is(nonReviewWrites(c).length, before, 'the dry-runs sent no write');
  const items = JSON.parse(dry.stdout).items;
  assert.is(items.length, 1);
  assert.equal(items[0].metadata.labels, { team: 'net' }, "the live object's metadata is kept");
  assert.is(items[0].metadata.resourceVersion, c.state.get(POOL)!.metadata.resourceVersion, 'guarded by the resourceVersion read');

  const real = await cli('migrate', '--overwrite');
  assert.is(real.code, 0, real.stderr);
  const sent = c.writes().filter((w) => !w.review).slice(before);
  assert.equal(sent.map((w) => `${w.method} ${w.path}`), ['PUT /apis/crd.projectcalico.org/v1/ippools/192-168-0-0-16']);
  assert.equal(items, sentSince(c, before));
}));

test('--diff: the live CR against what --overwrite would send, as kubectl diff prints it; exit codes stay migrate\'s; no write', () => withCluster(async (c, cli) => {
  await migratedThenEdited(c, cli);
  const before = nonReviewWrites(c).length;
  const name = 'crd.projectcalico.org.v1.IPPool..192-168-0-0-16';

  const diff = await cli('migrate', '--diff');
  assert.is(diff.code, 1, 'without --overwrite the differing CR is a conflict: exit 1');
  const lines = diff.stdout.split('\n');
  assert.equal(lines.slice(0, 3), [`diff -u -N LIVE/${name} MERGED/${name}`, `--- LIVE/${name}`, `+++ MERGED/${name}`]);
  assert.equal(lines.filter((l) => /^[-+] /.test(l)), ['-  disabled: true', '+  nat-outgoing: true']);
  assert.match(diff.stderr, '1 existing CR would be replaced by --overwrite');

  const same = await cli('migrate', '--dry-run', '--diff', '--overwrite');
  assert.is(same.code, 0, same.stderr);
  assert.is(same.stdout, diff.stdout);
  assert.is(nonReviewWrites(c).length, before, '--diff sent no write');

  const usage = await cli('migrate', '--diff', '-o', 'json');
  assert.is(usage.code, 4);
  assert.match(usage.stderr, '--diff prints a unified diff: it cannot be combined with -o json');

  assert.is((await cli('migrate', '--overwrite')).code, 0);
  const after = await cli('migrate', '--diff');
  assert.is(after.code, 0, after.stderr);
  assert.is(after.stdout, '', 'nothing differs any more');
}));

test.run();
