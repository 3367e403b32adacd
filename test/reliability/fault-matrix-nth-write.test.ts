// Fault matrix, part 3: "fail the Nth write" for every N of the small calico-v2.4 scenario × every verb. The Nth
// write request (access reviews included) is answered 500 and NOT applied; the verb retries or fails with a clear
// exit 3, a re-run succeeds, and the cluster ends as after a fault-free run. backup and verify never write: for them
// the proof is that the fault-free run sends no write request at all.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { matrixCell, reference, VERBS, type VerbName } from './matrix.js';
import { newTally } from './support.js';

const tally = newTally('fault matrix: fail the Nth write');

for (const verb of Object.keys(VERBS) as VerbName[]) {
  test(`${verb}: the Nth write fails, for every N the fault-free run writes`, async () => {
    const { writes } = await reference(verb);
    if (verb === 'backup' || verb === 'verify') {
      assert.is(writes, 0, `${verb} sends no write request`);
      return;
    }
    assert.ok(writes > 0, `${verb} writes`);
    for (let n = 1; n <= writes; n++) {
      const injected = await matrixCell(verb, { seed: n, failNthWrite: n });
      assert.is(injected, 1, `write #${n} of ${verb} was failed once`);
      tally.faults += injected;
    }
  });
}

test.run();
