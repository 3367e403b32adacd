import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { asNumberFromString, parseAsNumber } from '../../src/calico/asnumber.js';

test('a JSON number is taken as is, without a note', () => {
  assert.equal(parseAsNumber(64567), { ok: true, value: 64567 });
  assert.equal(parseAsNumber(0), { ok: true, value: 0 });
  assert.equal(parseAsNumber(4294967295), { ok: true, value: 4294967295 });
});

test('numbers outside uint32 or not integers are refused', () => {
  for (const bad of [-1, 4294967296, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) assert.is(parseAsNumber(bad).ok, false, String(bad));
});

test('a decimal string is converted with a note', () => {
  const r = parseAsNumber('64512');
  assert.ok(r.ok);
  if (r.ok) {
    assert.is(r.value, 64512);
    assert.ok(r.note && r.note.includes('"64512"') && r.note.includes('64512'));
  }
  assert.is(asNumberFromString('0064512'), 64512, 'ParseUint accepts leading zeros');
});

test('dotted "1.10" = (1<<16)+10 = 65546 (docs/calico-data.md#conversion)', () => {
  const r = parseAsNumber('1.10');
  assert.ok(r.ok);
  if (r.ok) {
    assert.is(r.value, 65546);
    assert.ok(r.note?.includes('dotted'));
  }
  assert.is(asNumberFromString('65535.65535'), 4294967295);
  assert.is(asNumberFromString('0.1'), 1);
});

test('garbage and out-of-range strings are refused', () => {
  for (const bad of ['', 'abc', '1.2.3', '65536.1', '1.65536', '4294967296', '-1', '+5', ' 5', '1.', '.1', '0x10', '1e3']) {
    assert.is(asNumberFromString(bad), undefined, bad);
    assert.is(parseAsNumber(bad).ok, false, bad);
  }
  assert.is(parseAsNumber(null).ok, false);
  assert.is(parseAsNumber(true).ok, false);
  assert.is(parseAsNumber({}).ok, false);
});

test.run();
