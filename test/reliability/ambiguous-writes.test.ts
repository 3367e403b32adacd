// Ambiguous writes: for every write of a run, that write is applied and then its connection is reset without an answer
// (failNthWriteAfterApply). The client retries it, meets its own applied write (409 on the stale resourceVersion, or
// AlreadyExists), and must recognise it by content: exit 0, no "conflict" with another writer. Covers the fresh
// migrate (CR creates, Node annotation patch), migrate --overwrite (PUTs with resourceVersion) and rollback (deletes with
// a uid precondition, Node annotation patches, the role PUT).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCluster, type Cluster } from '../cluster/index.js';
import { runCli } from '../support/cli.js';
import { assertNoStack, newTally } from './support.js';

const tally = newTally('ambiguous writes');
type Run = (...argv: string[]) => ReturnType<typeof runCli>;
const CRD_GROUP = 'crd.projectcalico.org';

const ok = async (r: ReturnType<typeof runCli>, what: string): Promise<void> => {
  const res = await r;
  assert.is(res.code, 0, `${what}: ${res.stderr}`);
};

interface Case { prepare(c: Cluster, run: Run, dir: string): Promise<void>; argv(dir: string): string[] }

const CASES: Record<string, Case> = {
  'migrate': { prepare: async () => {}, argv: () => ['migrate'] },
  'migrate --overwrite': {
    // Every CR differs from its conversion, so each one is overwritten with a PUT guarded by its resourceVersion.
    prepare: async (c, run) => {
      await ok(run('migrate'), 'migrate');
      for (const resource of ['ippools', 'bgppeers', 'globalfelixconfigs', 'globalbgpconfigs']) {
        for (const o of c.state.list({ group: CRD_GROUP, version: 'v1', resource })) {
          c.state.update({ group: CRD_GROUP, version: 'v1', resource, name: o.metadata.name }, { ...o, spec: { ...(o.spec as object), changed: true } });
        }
      }
    },
    argv: () => ['migrate', '--overwrite'],
  },
  'rollback': {
    prepare: async (_c, run, dir) => {
      await ok(run('backup', '-d', path.join(dir, 'b')), 'backup');
      await ok(run('migrate'), 'migrate');
      await ok(run('rbac', '-y'), 'rbac');
    },
    argv: (dir) => ['rollback', '--backup', path.join(dir, 'b'), '-y'],
  },
};

for (const [name, c] of Object.entries(CASES)) {
  test(`${name}: every write applied with its answer cut → recognised as its own, exit 0, no conflict`, async () => {
    let cases = 0;
    for (let n = 1; ; n++) {
      const cluster = await startCluster({ scenario: 'calico-v2.4' });
      const dir = mkdtempSync(path.join(tmpdir(), 'ambiguous-'));
      const run: Run = (...argv) => runCli(['--kubeconfig', cluster.kubeconfigPath, ...argv]);
      try {
        await c.prepare(cluster, run, dir);
        cluster.setFaults({ failNthWriteAfterApply: n, only: (req) => !req.path.endsWith('/selfsubjectaccessreviews') });
        const r = await run(...c.argv(dir));
        const cut = cluster.requests.find((q) => q.fault === 'reset-after-apply');
        cluster.setFaults(null);
        if (!cut) break;   // past the last write of the run
        const where = `write #${n} (${cut.method} ${cut.path})`;
        assert.is(r.code, 0, `${where}: ${r.stderr}\n${r.stdout}`);
        assert.not.match(r.stdout, /conflict\s+(changed|created concurrently)|another writer/, `${where}: no conflict reported`);
        assertNoStack(r.stderr);
        cases++;
        tally.faults++;
      } finally {
        await cluster.stop();
      }
    }
    assert.ok(cases >= 10, `${name}: ${cases} writes cut`);
  });
}

test.run();
