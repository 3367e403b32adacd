// Fault matrix, part 1: latency spikes and random 500/503 answers (10% and 30% of requests) × every verb of the
// procedure. Each verb succeeds (the client layer retries) or fails with exit 3 and a clear message; once the faults
// stop a re-run succeeds, and the cluster ends exactly as after a fault-free run with the TPR data untouched.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { matrixCell, VERBS, type VerbName } from './matrix.js';
import { newTally, seededPick } from './support.js';

const tally = newTally('fault matrix: latency, 500/503');
const verbs = Object.keys(VERBS) as VerbName[];

verbs.forEach((verb, i) => {
  test(`${verb}: latency spikes of 150–400 ms on ~20% of requests`, async () => {
    // The log does not mark a delay as a fault: count the spikes where they are decided.
    const pick = seededPick(100 + i, 0.2);
    let spikes = 0;
    const only = () => { const hit = pick(); if (hit) spikes++; return hit; };
    const injected = await matrixCell(verb, { seed: 100 + i, latencyMs: { min: 150, max: 400 }, only }, () => spikes);
    assert.ok(injected > 0, 'at least one spike');
    tally.faults += injected;
  });
});

for (const rate of [0.1, 0.3]) {
  verbs.forEach((verb, i) => {
    test(`${verb}: ${rate * 100}% of requests answered 500 or 503`, async () => {
      const injected = await matrixCell(verb, { seed: 200 + i + rate * 100, errorRate: rate, errorCodes: [500, 503] });
      assert.ok(injected > 0, 'at least one error answer');
      tally.faults += injected;
    });
  });
}

test.run();
