// -o name as kubectl prints it (`kind.group/name`, `node/NAME`): the objects a verb wrote, or in a dry-run would write,
// one a line and nothing else on stdout; real kubectl prints the same names for the same objects.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CALICO_KINDS } from '../../src/calico/kinds.js';
import { withCluster } from '../support/harness.js';
import { runKubectl, sideBySideKubectl } from '../support/kubectl.js';
import { nonReviewWrites } from '../support/state.js';

const lines = (text: string): string[] => text.split('\n').filter(Boolean).sort();

test('migrate -o name: the CRDs, the CRs and the Node it wrote, each named as real kubectl names it; the dry-run names the same, writing nothing', () => withCluster(async (c, cli) => {
  const before = nonReviewWrites(c).length;
  const dry = await cli('migrate', '--dry-run', '-o', 'name');
  assert.is(dry.code, 0, dry.stderr);
  assert.is(nonReviewWrites(c).length, before, 'a dry-run writes nothing');
  const r = await cli('migrate', '-o', 'name');
  assert.is(r.code, 0, r.stderr);
  assert.equal(lines(r.stdout), lines(dry.stdout));
  assert.is(lines(r.stdout).length, 5 + 16 + 1);
  assert.ok(lines(r.stdout).includes('node/k8s-node-2'));

  const kubectl = sideBySideKubectl();
  const real: string[] = [];
  for (const k of CALICO_KINDS) {
    const got = await runKubectl(kubectl, ['get', `${k.crd.plural}.${k.crd.group}`, '-o', 'name'], { kubeconfig: c.kubeconfigPath });
    assert.is(got.code, 0, got.stderr);
    real.push(...lines(got.stdout));
    const crd = await runKubectl(kubectl, ['get', 'customresourcedefinitions', k.crd.name, '-o', 'name'], { kubeconfig: c.kubeconfigPath });
    real.push(...lines(crd.stdout));
  }
  real.push(...lines((await runKubectl(kubectl, ['get', 'node', 'k8s-node-2', '-o', 'name'], { kubeconfig: c.kubeconfigPath })).stdout));
  assert.equal(lines(r.stdout), real.sort(), `kubectl ${kubectl.label} names the same objects the same way`);

  // A re-run applies the same objects (unchanged), as kubectl apply -o name prints them; it writes nothing.
  const writes = nonReviewWrites(c).length;
  const again = await cli('migrate', '-o', 'name');
  assert.equal(lines(again.stdout).filter((n) => !n.startsWith('node/') && !n.startsWith('customresourcedefinition')), real.filter((n) => !n.startsWith('node/') && !n.startsWith('customresourcedefinition')));
  assert.is(nonReviewWrites(c).length, writes);
}));

test('-o name on a verb that writes nothing is a usage error (exit 4); rbac and rollback name what they changed', () => withCluster(async (_c, cli) => {
  for (const verb of ['check', 'verify', 'backup']) {
    const r = await cli(verb, '-o', 'name');
    assert.is(r.code, 4, `${verb}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`-o name lists the objects a verb writes, and ${verb} writes none`));
    assert.is(r.stdout, '');
  }
  assert.is((await cli('migrate', '-y')).code, 0);
  const role = await cli('rbac', '-y', '-o', 'name');
  assert.is(role.code, 0, role.stderr);
  assert.is(role.stdout, 'clusterrole.rbac.authorization.k8s.io/calico-node\n');
  const undone = await cli('rollback', '-y', '-o', 'name');
  assert.is(undone.code, 0, undone.stderr);
  assert.ok(lines(undone.stdout).includes('ippool.crd.projectcalico.org/192-168-0-0-16'), undone.stdout);
  assert.ok(lines(undone.stdout).includes('customresourcedefinition.apiextensions.k8s.io/ippools.crd.projectcalico.org'));
  assert.ok(lines(undone.stdout).includes('clusterrole.rbac.authorization.k8s.io/calico-node'));
}));

test.run();
