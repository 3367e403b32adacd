// Malformed server answers: for every verb, every read it sends is answered, in turn, with an empty body, `null`,
// `items` that is not a list, items without metadata, or containers without an image (a proxy rewrites the simulated
// cluster's answer). Each is one clear line naming the request and exit 3: never "This looks like a bug", never a
// verb going on with half-read data.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCluster, type Cluster } from '../cluster/index.js';
import { runCli } from '../support/cli.js';
import { startRewritingProxy, type RewritingProxy } from '../support/rewriting-proxy.js';
import { assertNoStack, newTally } from './support.js';

const tally = newTally('bad input: malformed answers');
type Json = Record<string, unknown> & { items?: unknown[]; metadata?: unknown };

/** Each returns the rewritten body, or the same text when it does not apply to this answer. */
const MALFORMED: Record<string, (body: string) => string> = {
  'an empty body': () => '',
  'null': () => 'null',
  '"items" that is not a list': (b) => {
    const v = JSON.parse(b) as Json;
    return Array.isArray(v.items) ? JSON.stringify({ ...v, items: { first: v.items[0] ?? null } }) : b;
  },
  'items without metadata': (b) => {
    const v = JSON.parse(b) as Json;
    if (Array.isArray(v.items)) return v.items.length ? JSON.stringify({ ...v, items: v.items.map((i) => ({ ...(i as object), metadata: undefined })) }) : b;
    return v.metadata ? JSON.stringify({ ...v, metadata: undefined }) : b;
  },
  'a container without an image': (b) => b.replace(/"image":"[^"]*"/g, '"imageID":"x"'),
};
const KINDS = Object.keys(MALFORMED);

type Run = (...argv: string[]) => ReturnType<typeof runCli>;
interface Verb { prepare(run: Run, c: Cluster, dir: string): Promise<void>; argv(dir: string): string[] }
const ok = async (r: ReturnType<typeof runCli>): Promise<void> => { const res = await r; assert.is(res.code, 0, res.stderr); };
const backedUp = async (run: Run, dir: string): Promise<void> => ok(run('backup', '-d', path.join(dir, 'b')));

const VERBS: Record<string, Verb> = {
  version: { prepare: async () => {}, argv: () => ['version'] },
  check: { prepare: async () => {}, argv: () => ['check'] },
  backup: { prepare: async () => {}, argv: (dir) => ['backup', '-d', path.join(dir, 'new')] },
  migrate: { prepare: async () => {}, argv: () => ['migrate'] },
  verify: { prepare: (run) => ok(run('migrate')), argv: () => ['verify'] },
  rbac: { prepare: async () => {}, argv: () => ['rbac', '-y'] },
  rollback: { prepare: async (run, _c, dir) => { await backedUp(run, dir); await ok(run('migrate')); }, argv: (dir) => ['rollback', '--backup', path.join(dir, 'b'), '-y'] },
  cleanup: {
    prepare: async (run, c, dir) => {
      await backedUp(run, dir);
      await ok(run('migrate'));
      c.state.setDaemonSetImage('kube-system', 'calico-node', 'calico-node', 'quay.io/calico/node:v2.5.1');
    },
    argv: (dir) => ['cleanup', '--backup', path.join(dir, 'b'), '-y'],
  },
  restore: { prepare: (run, _c, dir) => backedUp(run, dir), argv: (dir) => ['restore', '--backup', path.join(dir, 'b'), '--target', 'crd'] },
};

async function withProxy<T>(fn: (run: Run, c: Cluster, proxy: RewritingProxy, dir: string) => Promise<T>): Promise<T> {
  const c = await startCluster({ scenario: 'calico-v2.4' });
  const proxy = await startRewritingProxy(c);
  const dir = mkdtempSync(path.join(tmpdir(), 'bad-answers-'));
  try {
    return await fn((...argv) => runCli(['--kubeconfig', c.kubeconfigPath, '--server', proxy.url, '--insecure-skip-tls-verify', ...argv]), c, proxy, dir);
  } finally {
    await proxy.stop();
    await c.stop();
  }
}

let turn = 0;
for (const [name, verb] of Object.entries(VERBS)) {
  test(`${name}: every read answered malformed → exit 3, one line naming the request`, async () => {
    const reads = await withProxy(async (run, c, proxy, dir) => {
      await verb.prepare(run, c, dir);
      proxy.seen.length = 0;
      await ok(run(...verb.argv(dir)));
      return [...new Set(proxy.seen.filter((s) => s.method === 'GET').map((s) => s.path))];
    });
    assert.ok(reads.length > 0, `${name} reads`);
    for (const read of reads) {
      // Each read gets the next kind of malformation that applies to it: every kind and every read are covered.
      for (let tries = 0; tries < KINDS.length; tries++) {
        const kind = KINDS[turn++ % KINDS.length]!;
        const applied = await withProxy(async (run, c, proxy, dir) => {
          await verb.prepare(run, c, dir);
          let rewritten = false;
          proxy.rewrite = (req, answer) => {
            if (req.method !== 'GET' || req.path !== read || answer.status !== 200) return undefined;
            const body = MALFORMED[kind]!(answer.body);
            if (body === answer.body) return undefined;
            rewritten = true;
            return body;
          };
          const r = await run(...verb.argv(dir));
          if (!rewritten) return false;
          // The error and its hint: what comes before it is the insecure-TLS warning and the target line of a writing verb;
          // after it, for a verb that wrote before the failure, the note that no audit record could be written.
          const all = r.stderr.trim().split('\n').filter((l) => !l.startsWith('note: no audit record was written'));
          const lines = all.slice(Math.max(0, all.findIndex((l) => l.startsWith('error:'))));
          const what = `${name}, GET ${read} answered with ${kind}`;
          assert.is(r.code, 3, `${what}: exit ${r.code}\n${r.stderr}`);
          assert.match(lines[0] ?? '', new RegExp(`^error: (.*: )?the server answered GET ${read.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} with `), `${what}\n${r.stderr}`);
          assert.ok(lines.length <= 2, `${what}: one or two lines\n${r.stderr}`);
          assertNoStack(r.stderr);
          return true;
        });
        if (!applied) continue;
        tally.refused++;
        break;
      }
    }
  });
}

test.run();
