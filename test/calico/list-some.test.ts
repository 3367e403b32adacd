// Lists in messages: the first few, then how many more, whatever the cluster's size.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { listSome } from '../../src/calico/list-some.js';

const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `ippool-${i}`);

test('a short list is written whole', () => {
  assert.is(listSome(names(5)), 'ippool-0, ippool-1, ippool-2, ippool-3, ippool-4');
  assert.is(listSome([]), '');
});

test('a long list stops after five and says how many more', () => {
  assert.is(listSome(names(2000)), 'ippool-0, ippool-1, ippool-2, ippool-3, ippool-4 and 1995 more');
  assert.is(listSome(names(4), 3, '; '), 'ippool-0; ippool-1; ippool-2; and 1 more');
});

test.run();
