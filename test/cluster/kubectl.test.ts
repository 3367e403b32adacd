// Fidelity: real kubectl binaries against the fake 1.7 cluster get what a 1.7 cluster would give.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { load } from 'js-yaml';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster, type Cluster } from './index.js';
import { kubectlMatrix, newCacheDir, runKubectl, type KubectlBinary } from '../support/kubectl.js';

const matrix = kubectlMatrix();
if (matrix.length === 0) console.log('[cluster/kubectl.test] SKIPPED: no kubectl binary found (PATH, /usr/lib/google-cloud-sdk/bin, .tools/kubectl-1.20)');

const FELIX_CRD = `apiVersion: apiextensions.k8s.io/v1beta1
description: Calico Global Felix Configuration
kind: CustomResourceDefinition
metadata:
   name: globalfelixconfigs.crd.projectcalico.org
spec:
  scope: Cluster
  group: crd.projectcalico.org
  version: v1
  names:
    kind: GlobalFelixConfig
    plural: globalfelixconfigs
    singular: globalfelixconfig
`;

function kubectlOn(c: Cluster, bin: KubectlBinary) {
  const cacheDir = newCacheDir();
  return async (args: string[], context?: string) => runKubectl(bin, args, { kubeconfig: c.kubeconfigPath, cacheDir, context, timeoutMs: 30_000 });
}

for (const bin of matrix) {
  const full = bin.label === 'default'; // the whole seed command list once; a core subset for the other versions
  test(`kubectl ${bin.label}: seed commands against calico-v2.4 (1.7)`, async () => {
    const c = await startCluster({ scenario: 'calico-v2.4', crdEstablishDelayMs: 300 });
    const k = kubectlOn(c, bin);
    try {
      const tprs = await k(['get', 'thirdpartyresources']);
      assert.is(tprs.code, 0, tprs.stderr);
      assert.match(tprs.stdout, 'global-bgp-peer.projectcalico.org');

      const gc = await k(['get', 'globalconfig', '--all-namespaces', '-o', 'yaml']);
      assert.is(gc.code, 0, gc.stderr);
      const list = load(gc.stdout) as any;
      assert.is(list.kind, 'List');
      const seeded = c.state.list({ group: 'projectcalico.org', version: 'v1', resource: 'globalconfigs' });
      assert.is(list.items.length, seeded.length);
      const stripped = (o: any) => ({ kind: o.kind, apiVersion: o.apiVersion, name: o.metadata.name, namespace: o.metadata.namespace, spec: o.spec });
      assert.equal(list.items.map(stripped).sort((a: any, b: any) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`)),
        seeded.map(stripped).sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`)));
      assert.ok(list.items.some((i: any) => i.metadata.namespace === 'default'));

      const pools = await k(['get', 'ippools.projectcalico.org', '-n', 'kube-system', '-o', 'json']);
      assert.is(pools.code, 0, pools.stderr);
      const poolItems = JSON.parse(pools.stdout).items;
      assert.ok(poolItems.some((p: any) => p.kind === 'IpPool' && JSON.parse(p.spec.value).cidr === 'fd80:24e2:f998:72d6::/64'));

      if (full) {
        const bgp = await k(['get', 'globalbgpconfig', '--all-namespaces', '-o', 'yaml']);
        assert.is(bgp.code, 0, bgp.stderr);
        assert.ok((load(bgp.stdout) as any).items.some((i: any) => i.spec.name === 'loglevel'));
      }

      const crdFile = join(c.dir, 'crd.yaml');
      writeFileSync(crdFile, FELIX_CRD);
      const apply = await k(['apply', '--validate=false', '-f', crdFile]);
      assert.is(apply.code, 0, apply.stderr);
      const wait = await k(['wait', '--for', 'condition=established', '--timeout=20s', 'crd/globalfelixconfigs.crd.projectcalico.org']);
      assert.is(wait.code, 0, wait.stderr);
      assert.match(wait.stdout, 'condition met');
      const crs = await k(['get', 'globalfelixconfigs.crd.projectcalico.org', '-o', 'wide']);
      assert.is(crs.code, 0, crs.stderr);

      const yes = await k(['auth', 'can-i', 'list', 'ippools.projectcalico.org', '-n', 'kube-system']);
      assert.is(yes.stdout.trim(), 'yes');
      const no = await k(['auth', 'can-i', 'list', 'ippools.projectcalico.org', '-n', 'kube-system'], 'nobody');
      assert.is(no.stdout.trim(), 'no');
      assert.is(no.code, 1);
      const forbidden = await k(['get', 'ippools.projectcalico.org', '-n', 'kube-system'], 'nobody');
      assert.match(forbidden.stderr, 'User "nobody" cannot list ippools.projectcalico.org in the namespace "kube-system".');

      const del = await k(['delete', 'thirdpartyresource', 'ip-pool.projectcalico.org']);
      assert.is(del.code, 0, del.stderr);
      const after = await k(['get', '--raw', '/apis/projectcalico.org/v1/namespaces/kube-system/ippools']);
      assert.is.not(after.code, 0, 'the ippools data is gone');
      assert.equal(c.state.snapshot((key) => key.startsWith('tpr:projectcalico.org/ippools/')), {});
      if (full) {
        const cert = await k(['get', 'nodes', '-o', 'name'], 'admin-cert');
        assert.is(cert.stdout.trim().split('\n').length, 4, cert.stderr);
      }
    } finally { await c.stop(); }
  });

  test(`kubectl ${bin.label}: 1.8 mode has no thirdpartyresources`, async () => {
    const c = await startCluster({ scenario: 'k8s-1.8-broken' });
    try {
      const r = await kubectlOn(c, bin)(['get', 'thirdpartyresources']);
      assert.is.not(r.code, 0);
      assert.match(r.stderr, `the server doesn't have a resource type "thirdpartyresources"`);
    } finally { await c.stop(); }
  });

  test(`kubectl ${bin.label}: modern mode (aggregated discovery, CRD v1) and canal-v2.4 DaemonSet`, async () => {
    const c = await startCluster({ scenario: 'canal-v2.4', mode: 'modern' });
    try {
      const k = kubectlOn(c, bin);
      const crds = await k(['get', 'crd']);
      assert.is(crds.code, 0, crds.stderr);
      const ds = await k(['get', 'daemonsets', '-n', 'kube-system', 'canal', '-o', 'jsonpath={.spec.template.spec.containers[*].image}']);
      assert.is(ds.code, 0, ds.stderr);
      assert.is(ds.stdout, 'quay.io/calico/node:v2.4.1 quay.io/calico/cni:v1.10.0 quay.io/coreos/flannel:v0.8.0');
      const denied = await k(['get', 'nodes'], 'nobody');
      assert.match(denied.stderr, 'cannot list resource "nodes" in API group "" at the cluster scope');
    } finally { await c.stop(); }
  });
}

test.run();
