import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { goField } from '../../src/calico/gojson.js';

test('Go key matching: exact or case-insensitive, the last matching key wins', () => {
  assert.is(goField({ cidr: 'a' }, 'cidr'), 'a');
  assert.is(goField({ CIDR: 'b' }, 'cidr'), 'b');
  assert.is(goField({ cidr: 'a', Cidr: 'c' }, 'cidr'), 'c');
  assert.is(goField({ other: 1 }, 'cidr'), undefined);
});

test.run();
