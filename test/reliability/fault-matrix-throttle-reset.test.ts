// Fault matrix, part 2: bursts of 429 with Retry-After, and connections reset mid-answer (the request was handled),
// × every verb. Same verdict as part 1: success or a clear exit 3, a clean re-run, the fault-free end state.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { matrixCell, VERBS, type VerbName } from './matrix.js';
import { newTally } from './support.js';

const tally = newTally('fault matrix: 429, resets');
const verbs = Object.keys(VERBS) as VerbName[];

/** True for requests number `from` … `from + length - 1`: a burst of throttling, as an overloaded API server sends. */
function burst(from: number, length: number): () => boolean {
  let n = 0;
  return () => { n++; return n >= from && n < from + length; };
}

verbs.forEach((verb, i) => {
  test(`${verb}: a burst of 429 Too Many Requests with Retry-After: 1`, async () => {
    const started = Date.now();
    const injected = await matrixCell(verb, { seed: 300 + i, errorRate: 1, errorCodes: [429], retryAfterSeconds: 1, only: burst(2 + i, 4) });
    assert.ok(injected >= 4, `the whole burst was sent (${injected})`);
    assert.ok(Date.now() - started >= 1000, 'Retry-After was honoured (at least one second waited)');
    tally.faults += injected;
  });
});

verbs.forEach((verb, i) => {
  test(`${verb}: 25% of connections reset after half the answer`, async () => {
    const injected = await matrixCell(verb, { seed: 400 + i, resetRate: 0.25 });
    assert.ok(injected > 0, 'at least one reset');
    tally.faults += injected;
  });
});

test.run();
