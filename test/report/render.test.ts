import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { shortenMiddle, fitTable } from '../../src/report/fit.js';
import { render } from '../../src/report/render.js';
import { cell, line, warning, type Report, type Table } from '../../src/report/report.js';
import { ROW_LIMIT, summarized } from '../../src/report/summary.js';

const widest = (text: string): number => Math.max(...text.split('\n').map((l) => [...l].length));

test('shortenMiddle keeps the start and the end, "…" between, in exactly the limit', () => {
  assert.is(shortenMiddle('globalnetworkpolicies.crd.projectcalico.org', 15), 'globaln…ico.org');
  assert.is([...shortenMiddle('globalnetworkpolicies.crd.projectcalico.org', 15)].length, 15);
  assert.is(shortenMiddle('short', 15), 'short');
});

const wideTable: Table = {
  columns: [{ key: 'kind', header: 'KIND' }, { key: 'name', header: 'NAME' }, { key: 'detail', header: 'DETAIL' }, { key: 'extra', header: 'EXTRA', wide: true }],
  rows: [
    { kind: 'IPPool', name: 'fd80-24e2-f998-72d6-0000-0000-0000-0000-64', detail: cell(`${'x'.repeat(100)}END`, 'fail'), extra: 'y'.repeat(300) },
    { kind: 'BGPPeer', name: 'a', detail: 'short' },
  ],
};
const report = (tables: Table[], lines = [line('done', 'ok')]): Report => ({ verb: 't', outcome: 'ok', tables, lines, data: { n: 1 } });

test('-o table fits the terminal: the widest columns give way first, tones kept; wide, json and pipes keep every character', () => {
  for (const width of [80, 120]) {
    const out = render(report([wideTable]), 'table', { color: false, width }).stdout;
    assert.ok(widest(out) <= width, `${widest(out)} > ${width}`);
    assert.match(out, /END\n/, 'the end of a shortened cell stays');
    assert.match(out, /…/);
  }
  assert.match(render(report([wideTable]), 'table', { color: true, width: 80 }).stdout, /\x1b\[31mx+…x*END\x1b\[39m/);
  assert.match(render(report([wideTable]), 'wide', { color: false, width: 80 }).stdout, new RegExp(`${'x'.repeat(100)}END`));
  assert.match(render(report([wideTable]), 'table', { color: false }).stdout, new RegExp(`${'x'.repeat(100)}END`), 'no width (a pipe): whole');
  assert.is(fitTable(wideTable, 1000), wideTable);
});

test('a large table with a status column prints its counts and the rows that need attention; --show-all prints all', () => {
  const rows = Array.from({ length: ROW_LIMIT + 1 }, (_, i) => ({ name: `peer-${i}`, result: i === 7 ? cell('conflict', 'fail') : cell('created', 'ok') }));
  const big: Table = { columns: [{ key: 'name', header: 'NAME' }, { key: 'result', header: 'RESULT' }], rows, summarize: 'result' };
  const out = render(report([big]), 'table', { color: false }).stdout;
  assert.match(out, new RegExp(`^${ROW_LIMIT + 1} rows: ${ROW_LIMIT} created, 1 conflict\\. The 1 that need attention: \\(--show-all lists every row\\)\\nNAME\\s+RESULT\\npeer-7\\s+conflict\\n`));
  assert.not.match(out, /peer-8/);
  assert.match(render(report([big]), 'table', { color: false, showAll: true }).stdout, /peer-8\s+created/);
  assert.equal(summarized({ ...big, rows: rows.slice(0, ROW_LIMIT) }), [{ ...big, rows: rows.slice(0, ROW_LIMIT) }], 'small tables stay whole');
  const allOk = render(report([{ ...big, rows: rows.map((r) => ({ ...r, result: cell('created', 'ok') })) }]), 'table', { color: false }).stdout;
  assert.match(allOk, /^51 rows: 51 created\. None needs attention \(--show-all lists every row\)\n\ndone\n$/);
  assert.is(JSON.parse(render(report([big]), 'json', { color: false }).stdout).n, 1, 'json is the data, whatever the rows');
});

test('warnings go to stderr for a person, and into json and yaml as `warnings` (with those printed while running)', () => {
  const r = report([], [line('done', 'ok'), warning('kept x: because'), { ...warning('a step said so'), text: '[backup] warning: a step said so', warning: '[backup] a step said so' }]);
  const human = render(r, 'table', { color: false });
  assert.is(human.stdout, 'done\n');
  assert.is(human.stderr, 'warning: kept x: because\n[backup] warning: a step said so\n');
  const json = JSON.parse(render(r, 'json', { color: false, warnings: ['plain HTTP'] }).stdout);
  assert.equal(json, { n: 1, warnings: ['plain HTTP', 'kept x: because', '[backup] a step said so'] });
  assert.equal(JSON.parse(render(report([]), 'json', { color: false }).stdout), { n: 1 }, 'no warnings: no key');
  assert.match(render(r, 'yaml', { color: false }).stdout, /warnings:\n  - 'kept x: because'/);
});

test('what was shown early (StepContext.show) is not printed again', () => {
  const first = line('first'); const second = line('second');
  const out = render(report([wideTable], [first, second]), 'table', { color: false, shown: new Set([wideTable, first]) }).stdout;
  assert.is(out, 'second\n');
});

test.run();
