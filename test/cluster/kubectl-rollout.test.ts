// Fidelity: the calico/node upgrade an operator types, with real kubectl, against the simulated 1.7 cluster:
// `kubectl set image` then `kubectl rollout status` (which watches the DaemonSet) completes; with OnDelete,
// `kubectl delete pod` one at a time brings each pod back on the new image.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startCluster, type Cluster, type KubeObject } from './index.js';
import { kubectlMatrix, newCacheDir, runKubectl, type KubectlBinary } from '../support/kubectl.js';

const matrix = kubectlMatrix();
if (matrix.length === 0) console.log('[cluster/kubectl-rollout.test] SKIPPED: no kubectl binary found (PATH, /usr/lib/google-cloud-sdk/bin, .tools/kubectl-1.20)');

const V251 = 'quay.io/calico/node:v2.5.1';
const PODS = { group: '', version: 'v1', resource: 'pods' };

function kubectlOn(c: Cluster, bin: KubectlBinary) {
  const cacheDir = newCacheDir();
  return (args: string[]) => runKubectl(bin, ['-n', 'kube-system', ...args], { kubeconfig: c.kubeconfigPath, cacheDir, timeoutMs: 60_000 });
}

const calicoPods = (c: Cluster) => c.state.list(PODS, 'kube-system').filter((p) => p.metadata.name.startsWith('calico-node-'));
const image = (p: KubeObject) => p.spec.containers.find((x: any) => x.name === 'calico-node').image as string;
const isReady = (p: KubeObject) => p.status?.conditions?.some((x: any) => x.type === 'Ready' && x.status === 'True');

for (const bin of matrix) {
  test(`kubectl ${bin.label}: set image, then rollout status completes once every pod is replaced and Ready`, async () => {
    const c = await startCluster({ scenario: 'calico-v2.4', podReadyDelayMs: 200 });
    const k = kubectlOn(c, bin);
    try {
      const before = calicoPods(c).map((p) => p.metadata.name);
      const set = await k(['set', 'image', 'daemonset/calico-node', `calico-node=${V251}`]);
      assert.is(set.code, 0, set.stderr);
      assert.match(set.stdout, 'calico-node image updated');
      const status = await k(['rollout', 'status', 'daemonset/calico-node', '--timeout=45s']);
      assert.is(status.code, 0, `${status.stdout}${status.stderr}`);
      assert.match(status.stdout, 'daemon set "calico-node" successfully rolled out');
      const after = calicoPods(c);
      assert.is(after.length, 4);
      assert.ok(after.every((p) => image(p) === V251 && isReady(p)), 'every pod on v2.5.1 and Ready when rollout status returns');
      assert.ok(after.every((p) => !before.includes(p.metadata.name)), 'every pod replaced');
      const ds = JSON.parse((await k(['get', 'daemonset', 'calico-node', '-o', 'json'])).stdout);
      assert.equal([ds.metadata.generation, ds.spec.templateGeneration, ds.status.observedGeneration, ds.status.updatedNumberScheduled, ds.status.numberAvailable], [2, 2, 2, 4, 4]);
    } finally { await c.stop(); }
  });
}

for (const bin of matrix.filter((b) => b.label === 'default')) {
  for (const mode of ['1.8', 'modern'] as const) {
    test(`kubectl ${bin.label}: a ${mode} server (DaemonSets under apps too) rolls out as well`, async () => {
      const c = await startCluster({ scenario: 'calico-v2.4', mode });
      const k = kubectlOn(c, bin);
      try {
        assert.is((await k(['set', 'image', 'daemonset/calico-node', `calico-node=${V251}`])).code, 0);
        const status = await k(['rollout', 'status', 'daemonset/calico-node', '--timeout=45s']);
        assert.is(status.code, 0, `${status.stdout}${status.stderr}`);
        assert.ok(calicoPods(c).every((p) => image(p) === V251 && isReady(p)));
      } finally { await c.stop(); }
    });
  }
}

for (const bin of matrix.filter((b) => b.label === 'default' || b.label === '1.20')) {
  test(`kubectl ${bin.label}: OnDelete: set image changes no pod; delete pod one at a time brings each back on v2.5.1`, async () => {
    const c = await startCluster({ scenario: 'calico-v2.4' });
    const k = kubectlOn(c, bin);
    try {
      const onDelete = await k(['patch', 'daemonset/calico-node', '-p', '{"spec":{"updateStrategy":{"type":"OnDelete","rollingUpdate":null}}}']);
      assert.is(onDelete.code, 0, onDelete.stderr);
      const set = await k(['set', 'image', 'daemonset/calico-node', `calico-node=${V251}`]);
      assert.is(set.code, 0, set.stderr);
      await new Promise((r) => setTimeout(r, 300));
      const before = calicoPods(c);
      assert.ok(before.every((p) => image(p) === 'quay.io/calico/node:v2.4.1'), 'OnDelete: nothing replaced yet');
      for (const old of before) {
        const del = await k(['delete', 'pod', old.metadata.name]);
        assert.is(del.code, 0, del.stderr);
        const wait = await k(['wait', '--for=condition=Ready', 'pod', '-l', 'k8s-app=calico-node,pod-template-generation=2', '--timeout=30s']);
        assert.is(wait.code, 0, `${wait.stdout}${wait.stderr}`);
        const replacement = calicoPods(c).find((p) => p.spec.nodeName === old.spec.nodeName)!;
        assert.is.not(replacement.metadata.name, old.metadata.name);
        assert.is(image(replacement), V251);
      }
      assert.ok(calicoPods(c).every((p) => image(p) === V251 && isReady(p)));
      const ds = JSON.parse((await k(['get', 'daemonset', 'calico-node', '-o', 'json'])).stdout);
      assert.is(ds.status.updatedNumberScheduled, 4);
    } finally { await c.stop(); }
  });
}

test.run();
