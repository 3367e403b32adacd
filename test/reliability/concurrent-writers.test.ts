// Other writers and ambiguous failures: a create whose answer was lost is retried and its AlreadyExists-with-the-same-
// content counts as done; an object another writer creates or changes while migrate runs is reported as a conflict and
// left as they wrote it; a TPR changed mid-run is caught by verify and never overwritten; rbac never loses a
// concurrent edit of the role. The other writer acts from inside a fault `only` hook, i.e. exactly between the tool's
// read and its write.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type KubeObject } from '../cluster/index.js';
import { newTally } from './support.js';
import { withCluster } from '../support/harness.js';

const tally = newTally('concurrent writers');
const POOL_CR = { group: 'crd.projectcalico.org', version: 'v1', resource: 'ippools', name: '192-168-0-0-16' };
const POOL_TPR = { group: 'projectcalico.org', version: 'v1', resource: 'ippools', namespace: 'kube-system', name: '192-168-0-0-16' };
const ROLE = { group: 'rbac.authorization.k8s.io', version: 'v1beta1', resource: 'clusterroles', name: 'calico-node' };


/** An `only` hook that runs `act` once, on the first request matching, before the server handles it. */
function onFirst(method: string, pathPattern: RegExp, act: () => void): (req: { method: string; path: string }) => boolean {
  let done = false;
  return (req) => {
    if (!done && req.method === method && pathPattern.test(req.path)) { done = true; act(); }
    return false;   // no injected fault: the other writer is the only interference
  };
}

const rowFor = (stdout: string, name: string) => (JSON.parse(stdout).objects as Array<{ source: { name: string }; result: string; detail?: string }>).find((o) => o.source.name === name)!;

test('a create whose answer is lost (applied, then the connection reset) → retried, AlreadyExists with identical content = done', () => withCluster(async (c, run) => {
  c.setFaults({ failNthWriteAfterApply: 1, only: (req) => req.method === 'POST' && req.path === '/apis/crd.projectcalico.org/v1/ippools' });
  const r = await run('migrate', '-o', 'json');
  assert.is(r.code, 0, r.stderr);
  assert.is(c.requests.filter((q) => q.fault === 'reset-after-apply').length, 1, 'one ambiguous failure');
  tally.faults++;
  const rows = (JSON.parse(r.stdout).objects as Array<{ kind: string; result: string; detail?: string }>).filter((o) => o.kind === 'IpPool');
  assert.ok(rows.some((o) => o.result === 'unchanged' && /created concurrently with the same content/.test(o.detail ?? '')), 'the retried create found its own object');
  assert.ok(rows.every((o) => o.result === 'created' || o.result === 'unchanged'), 'no conflict');
  assert.is((await run('verify')).code, 0);
}));

test('a CR another writer creates with different content while migrate runs → conflict, theirs kept, exit 1', () => withCluster(async (c, run) => {
  const theirs = { apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool', metadata: { name: POOL_CR.name }, spec: { cidr: '192.168.0.0/16', disabled: true } };
  c.setFaults({ only: onFirst('POST', /\/crd\.projectcalico\.org\/v1\/ippools$/, () => c.state.create(POOL_CR, theirs)) });
  const r = await run('migrate', '-o', 'json');
  assert.is(r.code, 1, r.stderr);
  const row = rowFor(r.stdout, POOL_CR.name);
  assert.is(row.result, 'conflict');
  assert.match(row.detail ?? '', /created concurrently by another writer with different content; left alone/);
  assert.equal(c.state.get(POOL_CR)!.spec, theirs.spec, 'their object untouched');
  tally.faults++;
}));

test('migrate --overwrite: a CR changed by another writer between the read and the write → conflict, their change kept', () => withCluster(async (c, run) => {
  assert.is((await run('migrate')).code, 0);
  const mine = c.state.get(POOL_CR)!;
  c.state.update(POOL_CR, { ...mine, spec: { ...(mine.spec as object), disabled: true } });   // differs → --overwrite plans a PUT
  let theirSpec: unknown;
  c.setFaults({
    only: onFirst('PUT', /\/ippools\/192-168-0-0-16$/, () => {
      const now = c.state.get(POOL_CR)!;
      theirSpec = { ...(now.spec as object), natOutgoing: true };
      c.state.update(POOL_CR, { ...now, spec: theirSpec });
    }),
  });
  const r = await run('migrate', '--overwrite', '-o', 'json');
  assert.is(r.code, 1, r.stderr);
  assert.is(rowFor(r.stdout, POOL_CR.name).result, 'conflict');
  assert.equal(c.state.get(POOL_CR)!.spec, theirSpec, 'the concurrent change is not overwritten');
  tally.faults++;
}));

test('a TPR object changed while migrate runs is reported as a conflict in that run; verify and a re-run agree; nothing is overwritten', () => withCluster(async (c, run) => {
  let changed: KubeObject | undefined;
  c.setFaults({
    only: onFirst('POST', /\/crd\.projectcalico\.org\/v1\/ippools$/, () => {
      const tpr = c.state.get(POOL_TPR)!;
      const value = { ...JSON.parse((tpr.spec as { value: string }).value), disabled: true };
      changed = c.state.update(POOL_TPR, { ...tpr, spec: { value: JSON.stringify(value) } }) as KubeObject;
    }),
  });
  const first = await run('migrate', '-o', 'json');
  c.setFaults(null);
  assert.ok(changed, 'the TPR was changed mid-run');
  assert.is(first.code, 1, 'the run that raced with the change says so');
  assert.is(rowFor(first.stdout, POOL_CR.name).result, 'conflict');
  assert.match(rowFor(first.stdout, POOL_CR.name).detail ?? '', /changed while migrate ran/);
  assert.equal(c.state.get(POOL_TPR)!.spec, changed!.spec, 'migrate never touches TPR data');
  const v = await run('verify', '-o', 'json');
  assert.is(v.code, 1, 'verify sees the difference');
  assert.ok((JSON.parse(v.stdout).objects as Array<{ name: string; status: string }>).some((o) => o.name === POOL_CR.name && o.status === 'differs'));
  const before = c.state.get(POOL_CR)!.spec;
  const again = await run('migrate', '-o', 'json');
  assert.is(again.code, 1);
  assert.is(rowFor(again.stdout, POOL_CR.name).result, 'conflict');
  assert.equal(c.state.get(POOL_CR)!.spec, before, 'not overwritten without --overwrite');
  tally.faults++;
}));

test('rbac never loses a concurrent edit: a rule added between its read and its write survives, next to the transitional rules', () => withCluster(async (c, run) => {
  const extra = { apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get'] };
  c.setFaults({
    only: onFirst('PUT', /\/clusterroles\/calico-node$/, () => {
      const role = c.state.get(ROLE)! as KubeObject & { rules: unknown[] };
      c.state.update(ROLE, { ...role, rules: [...role.rules, extra] });
    }),
  });
  const r = await run('rbac', '-y');
  assert.is(r.code, 0, r.stderr);
  const rules = (c.state.get(ROLE) as KubeObject & { rules: Array<{ apiGroups?: string[] }> }).rules;
  assert.ok(rules.some((x) => JSON.stringify(x) === JSON.stringify(extra)), 'the concurrent edit is kept');
  assert.ok(rules.some((x) => x.apiGroups?.includes('crd.projectcalico.org')), 'the v2.5 rule is in');
  assert.ok(rules.some((x) => x.apiGroups?.includes('projectcalico.org')), 'the TPR rules stay until cleanup');
  assert.ok(c.requests.filter((q) => q.method === 'PUT' && q.status === 409).length >= 1, 'the first write was refused as stale');
  tally.faults++;
}));

test.run();
