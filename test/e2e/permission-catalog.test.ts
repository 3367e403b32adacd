// check's permission catalog is the truth about what the verbs send: every verb runs against the simulated cluster
// (with the options that change its requests, in the states the procedure goes through), and every request in the
// server's log, as the RBAC authorizer sees it, must be in the catalog check reviews for that verb. Otherwise check's
// "all N requests allowed" would be a promise the verb then breaks with a 403 half-way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openToEveryone, startCluster, type Cluster, type RequestAttributes, type ScenarioName, type ServerMode } from '../cluster/index.js';
import { runCli } from '../support/cli.js';
import { describeRequest, optionalRequests } from '../../src/calico/permissions.js';

/** The catalog as check reports it (-o json `permissions`): verb → the requests it reviews, kubectl-worded. */
type Catalog = Map<string, Set<string>>;

async function catalogOf(c: Cluster, code: number): Promise<Catalog> {
  const r = await runCli(['--kubeconfig', c.kubeconfigPath, 'check', '-o', 'json']);
  assert.is(r.code, code, r.stderr);
  const catalog: Catalog = new Map();
  for (const p of JSON.parse(r.stdout).permissions as Array<{ verb: string; request: string }>) {
    catalog.set(p.verb, (catalog.get(p.verb) ?? new Set()).add(p.request));
  }
  return catalog;
}

/** The same wording as check's rows ("list pods in kube-system", "create customresourcedefinitions.apiextensions.k8s.io"). */
function described(a: RequestAttributes, namespaced = true): string {
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  return `${a.verb} ${a.group === '' ? resource : `${resource}.${a.group}`}${namespaced && a.namespace ? ` in ${a.namespace}` : ''}`;
}

/** A cluster-wide grant covers a request in any namespace; a namespaced one only that namespace. */
const covered = (catalog: Catalog, verbs: readonly string[], a: RequestAttributes): boolean =>
  verbs.some((v) => catalog.get(v)?.has(described(a)) || catalog.get(v)?.has(described(a, false)));

/** What a verb may ask for without needing it (a watch with a LIST to fall back on): check rightly does not review it. */
const OPTIONAL: Catalog = new Map(Object.entries(optionalRequests()).map(([verb, requests]) => [verb, new Set(requests.map(describeRequest))]));

/** The plugin verbs whose requests a command sends: run is check, backup, migrate, verify and rbac in a row. */
function catalogVerbs(argv: readonly string[]): string[] {
  const verb = argv.find((a) => /^[a-z]+$/.test(a)) ?? '';
  return verb === 'run' ? ['check', 'backup', 'migrate', 'verify', 'rbac'] : [verb];
}

interface Session {
  cluster: Cluster;
  dir: string;
  /** Runs one command, expecting its exit code, and records every request it sent that the catalog lacks. */
  cli(code: number, ...argv: string[]): Promise<void>;
  missing: string[];
  ran: string[];
}

async function session(scenario: ScenarioName, fn: (s: Session) => Promise<void>, opts: { mode?: ServerMode; checkCode?: number } = {}): Promise<void> {
  const cluster = await startCluster({ scenario, ...(opts.mode ? { mode: opts.mode } : {}) });
  const dir = mkdtempSync(path.join(tmpdir(), 'catalog-'));
  try {
    const catalog = await catalogOf(cluster, opts.checkCode ?? 0);
    const s: Session = {
      cluster, dir, missing: [], ran: [],
      async cli(code, ...argv) {
        const from = cluster.requests.length;
        const r = await runCli(['--kubeconfig', cluster.kubeconfigPath, ...argv]);
        assert.is(r.code, code, `${argv.join(' ')}: exit ${r.code}\n${r.stderr}`);
        s.ran.push(argv.join(' '));
        const verbs = catalogVerbs(argv);
        for (const e of cluster.requests.slice(from)) {
          if (!e.access || openToEveryone(e.access) || covered(catalog, verbs, e.access) || covered(OPTIONAL, verbs, e.access)) continue;
          const line = `${argv.join(' ')}: ${e.method} ${e.path}${e.query ? `?${e.query}` : ''} is "${described(e.access)}", which check's catalog for ${verbs.join('/')} does not list`;
          if (!s.missing.includes(line)) s.missing.push(line);
        }
      },
    };
    await fn(s);
    assert.ok(s.ran.length > 0);
    assert.equal(s.missing, [], `requests outside check's catalog:\n${s.missing.join('\n')}`);
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const FELIX_CRS = { group: 'crd.projectcalico.org', version: 'v1', resource: 'globalfelixconfigs' };

for (const scenario of ['calico-v2.4', 'canal-v2.4'] as const) {
  test(`${scenario}: every request of the whole procedure, rollback and restore is in check's catalog for its verb`, () => session(scenario, async (s) => {
    const backup = path.join(s.dir, 'backup');
    await s.cli(0, 'version');
    await s.cli(0, 'backup', '-d', backup);
    await s.cli(0, 'migrate', '--dry-run');
    await s.cli(0, 'migrate');
    await s.cli(0, 'migrate');
    await s.cli(0, 'check');
    // A CR that differs: migrate reports a conflict (exit 1), --overwrite replaces it.
    const felix = s.cluster.state.get({ ...FELIX_CRS, name: 'logseverityscreen' })!;
    s.cluster.state.update({ ...FELIX_CRS, name: 'logseverityscreen' }, { ...felix, spec: { ...(felix.spec as object), value: 'debug' } });
    await s.cli(1, 'verify', '-o', 'wide');
    await s.cli(1, 'migrate');
    await s.cli(0, 'migrate', '--overwrite');
    await s.cli(0, 'migrate', '--include-snp', '--dry-run');
    await s.cli(0, 'migrate', '--include-snp');
    await s.cli(0, 'migrate', '--backup', backup);
    await s.cli(0, 'verify');
    await s.cli(0, 'verify', '--backup', backup);
    await s.cli(0, 'rbac', '--dry-run');
    await s.cli(0, 'rbac', '-y');
    await s.cli(0, 'check');
    await s.cli(0, 'rollback', '--dry-run', '--backup', backup);
    await s.cli(0, 'rollback', '--backup', backup, '-y');
    await s.cli(0, 'restore', '--backup', backup, '--target', 'crd', '--dry-run');
    await s.cli(0, 'restore', '--backup', backup, '--target', 'crd', '--include-snp');
    await s.cli(0, 'migrate'); // the IPv6 node-scoped peers' v2.5 keys (rollback removed them; restore --target crd leaves Nodes alone)
    await s.cli(0, 'rbac', '-y');
    await s.cli(0, 'rbac', '--revert', '--backup', backup, '-y');
    await s.cli(0, 'rbac', '-y');
    // The operator's upgrade, then cleanup and the way back.
    const ds = scenario === 'canal-v2.4' ? 'canal' : 'calico-node';
    s.cluster.state.setDaemonSetImage('kube-system', ds, 'calico-node', 'quay.io/calico/node:v2.5.1');
    await s.cli(0, 'check');
    await s.cli(0, 'cleanup', '--backup', backup, '-y');
    await s.cli(0, 'cleanup', '--backup', backup, '-y');
    await s.cli(1, 'check');
    await s.cli(0, 'restore', '--backup', backup, '--dry-run');
    await s.cli(0, 'restore', '--backup', backup);
    const pools = { group: 'projectcalico.org', version: 'v1', resource: 'ippools', namespace: 'kube-system' };
    const pool = s.cluster.state.list(pools)[0]!;
    s.cluster.state.update({ ...pools, name: pool.metadata.name }, { ...pool, spec: { value: '{"cidr":"10.99.0.0/16"}' } });
    await s.cli(1, 'restore', '--backup', backup);
    await s.cli(0, 'restore', '--backup', backup, '--overwrite');
  }));

  test(`${scenario}: every request of run is in check's catalog for the verbs run composes`, () => session(scenario, async (s) => {
    await s.cli(0, 'run', '-y', '-d', path.join(s.dir, 'run-backup'));
  }));
}

for (const mode of ['1.8', 'modern'] as const) {
  test(`Kubernetes ${mode} (TPRs gone, calico/node v2.4 still deployed): the way back from a 1.7 backup stays in the catalog`, async () => {
    const source = await startCluster({ scenario: 'calico-v2.4' });
    const dir = mkdtempSync(path.join(tmpdir(), 'catalog-'));
    const backup = path.join(dir, 'backup');
    try {
      assert.is((await runCli(['--kubeconfig', source.kubeconfigPath, 'backup', '-d', backup])).code, 0);
      await session('calico-v2.4', async (s) => {
        await s.cli(2, 'check');
        await s.cli(0, 'restore', '--backup', backup, '--target', 'crd', '--dry-run');
        await s.cli(0, 'restore', '--backup', backup, '--target', 'crd');
        // 1: the IPv6 node-scoped peer's v2.5 key is missing (restore --target crd writes CRs only; Nodes are left alone).
        await s.cli(1, 'verify', '--backup', backup);
        await s.cli(0, 'rbac', '-y');
        await s.cli(0, 'version');
      }, { mode, checkCode: 2 });
    } finally {
      await source.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('the catalog test sees a request the catalog lacks (it is not vacuous)', async () => {
  const catalog: Catalog = new Map([['migrate', new Set(['list nodes', 'list pods in kube-system'])]]);
  assert.ok(covered(catalog, ['migrate'], { verb: 'list', group: '', resource: 'nodes' }));
  assert.ok(covered(catalog, ['migrate'], { verb: 'list', group: '', resource: 'nodes', namespace: 'x' }), 'a cluster-wide grant covers every namespace');
  assert.ok(covered(catalog, ['migrate'], { verb: 'list', group: '', resource: 'pods', namespace: 'kube-system' }));
  assert.not.ok(covered(catalog, ['migrate'], { verb: 'list', group: '', resource: 'pods', namespace: 'default' }), 'a namespaced grant covers only its namespace');
  assert.not.ok(covered(catalog, ['migrate'], { verb: 'list', group: '', resource: 'pods' }));
  assert.not.ok(covered(catalog, ['migrate'], { verb: 'get', group: '', resource: 'nodes', name: 'n1' }), 'list does not grant get');
  assert.not.ok(covered(catalog, ['verify'], { verb: 'list', group: '', resource: 'nodes' }));
});

test.run();
