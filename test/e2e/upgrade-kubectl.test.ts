// The whole procedure with the operator's real upgrade step: check → run -y → the kubectl commands run prints (set
// image, rollout status) run with real kubectl → check (calico-upgraded) → cleanup -y, all against one simulated
// cluster, whose DaemonSet controller replaces the calico-node pods. cleanup's calico/node guard sees the pods the
// controller rolled: it refuses while any pod still runs v2.4.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCluster, type Cluster, type KubeObject } from '../cluster/index.js';
import { runCli } from '../support/cli.js';
import { findKubectls, newCacheDir, runKubectl } from '../support/kubectl.js';

const kubectl = findKubectls()[0];
if (!kubectl) console.log('[e2e/upgrade-kubectl.test] SKIPPED: no kubectl binary found');

const TPRS = { group: 'extensions', version: 'v1beta1', resource: 'thirdpartyresources' };
const PODS = { group: '', version: 'v1', resource: 'pods' };
const calicoImages = (c: Cluster) => c.state.list(PODS, 'kube-system').filter((p) => p.metadata.name.startsWith('calico-node-'))
  .map((p: KubeObject) => p.spec.containers.find((x: any) => x.name === 'calico-node').image as string);

function tools(c: Cluster) {
  const cli = (...argv: string[]) => runCli(['--kubeconfig', c.kubeconfigPath, ...argv]);
  const cacheDir = newCacheDir();
  /** A command as the plugin prints it (`kubectl -n kube-system …`), run with real kubectl against this cluster. */
  const sh = async (command: string) => {
    const [bin, ...args] = command.trim().split(/\s+/);
    assert.is(bin, 'kubectl', command);
    const r = await runKubectl(kubectl!, args, { kubeconfig: c.kubeconfigPath, cacheDir, timeoutMs: 90_000 });
    assert.is(r.code, 0, `${command}\n${r.stdout}${r.stderr}`);
    return r;
  };
  const state = async () => {
    const r = await cli('check', '-o', 'json');
    return JSON.parse(r.stdout).state as string;
  };
  return { cli, sh, state };
}

/** The upgrade commands in run's Next: lines (they carry run's connection flags, here --kubeconfig). */
function printedUpgrade(stdout: string): { setImage: string; rolloutStatus: string; deletePod?: string; watch?: string } {
  const setImage = stdout.match(/kubectl [^()\n]*?-n kube-system set image daemonset\/calico-node calico-node=\S+/)?.[0];
  const rolloutStatus = stdout.match(/kubectl [^()\n]*?-n kube-system rollout status daemonset\/calico-node/)?.[0];
  const deletePod = stdout.match(/(kubectl [^()\n]*?-n kube-system delete pod) NAME/)?.[1];
  const watch = stdout.match(/watch it come up: (kubectl [^()\n]*?-n kube-system get daemonset\/calico-node -o \S+) -w/)?.[1];
  assert.ok(setImage && (rolloutStatus || watch), stdout);
  return { setImage: setImage!, rolloutStatus: rolloutStatus!, deletePod, watch };
}

if (kubectl) {
  test(`kubectl ${kubectl.label}: check → run -y → set image → rollout status → check (calico-upgraded) → cleanup -y`, async () => {
    // Three seconds a pod: the rollout lasts long enough (12 s) for cleanup to be asked in the middle of it.
    const c = await startCluster({ scenario: 'calico-v2.4', podReadyDelayMs: 3000 });
    const { cli, sh, state } = tools(c);
    const backup = path.join(mkdtempSync(path.join(tmpdir(), 'upgrade-kubectl-')), 'backup');
    try {
      assert.is((await cli('check')).code, 0);
      const run = await cli('run', '-y', '-d', backup);
      assert.is(run.code, 0, run.stderr);
      const { setImage, rolloutStatus } = printedUpgrade(run.stdout);
      assert.is(await state(), 'rbac-updated');

      await sh(setImage);
      const midway = await cli('cleanup', '--backup', backup, '-y');
      assert.is(midway.code, 2, `cleanup during the rollout: ${midway.stdout}${midway.stderr}`);
      assert.match(midway.stderr, /v2\.4\.1/);
      assert.is(c.state.list(TPRS).length, 5, 'nothing deleted while pods still run v2.4');

      const rolled = await sh(`${rolloutStatus} --timeout=60s`);
      assert.match(rolled.stdout, 'successfully rolled out');
      assert.equal(calicoImages(c), Array(4).fill('quay.io/calico/node:v2.5.1'));
      assert.is(await state(), 'calico-upgraded');

      const cleanup = await cli('cleanup', '--backup', backup, '-y');
      assert.is(cleanup.code, 0, cleanup.stderr);
      assert.equal(c.state.list(TPRS).map((t) => t.metadata.name), ['system-network-policy.alpha.projectcalico.org']);
    } finally { await c.stop(); }
  });

  test(`kubectl ${kubectl.label}: OnDelete: after set image, cleanup refuses until every pod was deleted and came back on v2.5.1`, async () => {
    const c = await startCluster({ scenario: 'calico-v2.4' });
    const { cli, sh, state } = tools(c);
    const backup = path.join(mkdtempSync(path.join(tmpdir(), 'upgrade-kubectl-')), 'backup');
    try {
      await sh(`kubectl -n kube-system patch daemonset/calico-node -p {"spec":{"updateStrategy":{"type":"OnDelete","rollingUpdate":null}}}`);
      const run = await cli('run', '-y', '-d', backup);
      assert.is(run.code, 0, run.stderr);
      assert.match(run.stdout, /as the update strategy is OnDelete, delete the calico-node pods one at a time/);
      const { setImage, deletePod, rolloutStatus, watch } = printedUpgrade(run.stdout);
      assert.ok(deletePod, run.stdout);
      // kubectl rollout status refuses OnDelete DaemonSets at once: run prints a watch of the counts instead.
      assert.is(rolloutStatus, undefined, run.stdout);
      assert.ok(watch, run.stdout);
      assert.match((await sh(watch!)).stdout, /^DESIRED\s+UP-TO-DATE\s+AVAILABLE\n4\s+4\s+4\n$/, 'the counts, as kubectl prints them from a 1.7 server');
      await sh(setImage);

      const pods = c.state.list(PODS, 'kube-system').filter((p) => p.metadata.name.startsWith('calico-node-'));
      for (const [i, pod] of pods.entries()) {
        const refused = await cli('cleanup', '--backup', backup, '-y');
        assert.is(refused.code, 2, `with ${4 - i} pod(s) left on v2.4: ${refused.stderr}`);
        assert.is.not(await state(), 'calico-upgraded');
        await sh(`${deletePod} ${pod.metadata.name}`);
        await sh(`kubectl -n kube-system wait --for=condition=Ready pod -l k8s-app=calico-node,pod-template-generation=2 --timeout=30s`);
      }
      assert.equal(calicoImages(c), Array(4).fill('quay.io/calico/node:v2.5.1'));
      assert.is(await state(), 'calico-upgraded');
      const cleanup = await cli('cleanup', '--backup', backup, '-y');
      assert.is(cleanup.code, 0, cleanup.stderr);
    } finally { await c.stop(); }
  });
}

test.run();
