// The kill test: `migrate` on a generated cluster of 2,000 Calico objects, SIGKILLed at 20 seeded moments (no signal
// handler runs, no cleanup happens) and re-run each time. After each round, an uninterrupted re-run and `verify` pass,
// the CRD state equals an uninterrupted run's, and the TPR data is byte-identical. Rounds start again from no CRDs so
// that kills keep landing in the write phase rather than only in a re-run's reading.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateScenario, startCluster, type Cluster } from '../cluster/index.js';
import { seededRandom } from '../cluster/faults.js';
import { runCli } from '../support/cli.js';
import { runCliProcess, startCliProcess } from '../support/process.js';
import { tprSnapshot } from '../support/state.js';
import { clusterState, newTally } from './support.js';

const tally = newTally('kill test');
const SCENARIO = () => generateScenario({ nodes: 20, globalPeers: 1200, pools: 800, seed: 7 });
const FAULTS = { latencyMs: 2 };     // a little latency, so a run spends long enough writing for kills to land there
const ROUNDS = 4;
const KILLS_PER_ROUND = 5;
const CRDS = { group: 'apiextensions.k8s.io', version: 'v1beta1', resource: 'customresourcedefinitions' };

const crdState = (c: Cluster) => { const { crs, crds } = clusterState(c); return { crs, crds }; };

test('migrate survives 20 SIGKILLs at seeded moments; verify passes and the CRDs equal an uninterrupted run', async () => {
  const reference = await startCluster({ scenario: SCENARIO(), faults: FAULTS });
  let expected;
  let fullRunMs: number;
  try {
    // An uninterrupted run as a process: its length (start-up included) scales the kill moments to this machine.
    const r = await runCliProcess(['--kubeconfig', reference.kubeconfigPath, 'migrate']);
    assert.is(r.code, 0, r.stderr);
    fullRunMs = r.ms;
    expected = crdState(reference);
  } finally {
    await reference.stop();
  }
  const objects = expected.crs.length;
  assert.ok(objects >= 2000, `a few thousand objects (${objects})`);

  const c = await startCluster({ scenario: SCENARIO(), faults: FAULTS });
  const random = seededRandom(2017);
  let midWrite = 0;
  try {
    const tprBefore = tprSnapshot(c);
    for (let round = 0; round < ROUNDS; round++) {
      for (const crd of c.state.list(CRDS).filter((d) => d.metadata.name.endsWith('crd.projectcalico.org'))) {
        c.state.delete({ ...CRDS, name: crd.metadata.name });   // deleting a CRD deletes its objects: a fresh start
      }
      for (let k = 0; k < KILLS_PER_ROUND; k++) {
        const before = c.writes().length;
        const run = await killedRun(c, random, objects - crdState(c).crs.length, fullRunMs);
        if (run.signal !== 'SIGKILL') {
          assert.is(run.code, 0, `a run that finished before its kill succeeded: ${run.stderr}`);
          continue;
        }
        tally.kills++;
        const written = c.writes().length - before;
        if (written > 0 && crdState(c).crs.length < objects) midWrite++;
      }
      const rerun = await runCli(['--kubeconfig', c.kubeconfigPath, 'migrate']);
      assert.is(rerun.code, 0, `round ${round}: the re-run finishes the job: ${rerun.stderr}`);
      const verify = await runCli(['--kubeconfig', c.kubeconfigPath, 'verify']);
      assert.is(verify.code, 0, `round ${round}: verify passes: ${verify.stdout.slice(-500)}`);
      assert.equal(crdState(c), expected, `round ${round}: the CRD state equals the uninterrupted run's`);
      assert.is(tprSnapshot(c), tprBefore, 'TPR data byte-identical');
    }
  } finally {
    await c.stop();
  }
  assert.ok(tally.kills >= 15, `most runs were killed (${tally.kills})`);
  assert.ok(midWrite >= 3, `kills landed in the write phase (${midWrite})`);
  console.log(`\n  ${tally.kills} kills, ${midWrite} of them in the middle of the writes`);
});

// A seeded moment: one kill in five lands during start-up and reads (a seeded time before the first write), the others
// once a seeded number of the writes still to do have been accepted by the server, so every kill interrupts a run
// that has work left, however fast this machine is.
async function killedRun(c: Cluster, random: () => number, remaining: number, fullRunMs: number) {
  const before = c.writes().length;
  const early = random() < 0.2 || remaining < 10;
  const afterWrites = 1 + Math.floor(random() * Math.max(1, remaining - 5));
  const { child, done } = startCliProcess(['--kubeconfig', c.kubeconfigPath, 'migrate']);
  const timer = early
    ? setTimeout(() => child.kill('SIGKILL'), Math.floor(fullRunMs * 0.05 + random() * fullRunMs * 0.15))
    : setInterval(() => { if (c.writes().length - before >= afterWrites) child.kill('SIGKILL'); }, 2);
  const run = await done;
  clearTimeout(timer);
  clearInterval(timer);
  return run;
}

test.run();
