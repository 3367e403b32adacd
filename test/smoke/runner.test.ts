import { test } from 'uvu';
import * as assert from 'uvu/assert';

test('the test runner runs on the pinned Node 22', () => {
  assert.is(process.versions.node.split('.')[0], '22');
});

test.run();
