// Small pieces of the foundation: durations, concurrency bound, redaction, error mapping, colour and renderers.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as yaml from 'js-yaml';
import { parseDuration } from '../../src/cli/duration.js';
import { Limiter, mapInSlices, mapLimited } from '../../src/kube/limiter.js';
import { redactHeaders, redactText } from '../../src/kube/redact.js';
import { errorFromResponse, errorFromNetwork } from '../../src/kube/errors.js';
import { colorEnabled, paint } from '../../src/report/color.js';
import { render } from '../../src/report/render.js';
import { cell, line, type Report } from '../../src/report/report.js';
import { apiPath, resourceName } from '../../src/kube/paths.js';

test('mapLimited after a failure: no new item starts, and the failure is raised once those in flight have settled', async () => {
  const started: number[] = [];
  let settled = 0;
  const failed = mapLimited(Array.from({ length: 20 }, (_, i) => i), 4, async (i) => {
    started.push(i);
    if (i === 1) throw new Error('boom');
    await new Promise((r) => setTimeout(r, 20));
    settled++;
    return i;
  });
  const error = await failed.then(() => undefined, (err: Error) => err);
  assert.match(error?.message ?? 'resolved', /boom/);
  assert.equal(started, [0, 1, 2, 3], 'nothing started after the failure');
  assert.is(settled, 3, 'raised only after the three in flight finished');
});

test('durations follow kubectl --request-timeout: bare seconds, Go units, 0 = none', () => {
  assert.is(parseDuration('0'), 0);
  assert.is(parseDuration('5'), 5000);
  assert.is(parseDuration('30s'), 30_000);
  assert.is(parseDuration('2m'), 120_000);
  assert.is(parseDuration('1m30s'), 90_000);
  assert.is(parseDuration('500ms'), 500);
  assert.is(parseDuration('1h'), 3_600_000);
  for (const bad of ['', 'soon', '5x', '-1s', '1m 30s']) assert.throws(() => parseDuration(bad), /invalid value/);
});

test('a duration too long for a timer (over 2^31-1 ms) is refused, not turned into 1 ms', () => {
  assert.is(parseDuration('596h'), 596 * 3_600_000);
  assert.is(parseDuration(`${2 ** 31 - 1}ms`), 2 ** 31 - 1);
  for (const tooLong of ['597h', '2147484s', `${2 ** 31}ms`, '99999999999999999999']) {
    assert.throws(() => parseDuration(tooLong), /longer than the longest timeout a timer can hold/);
  }
});

test('mapInSlices keeps order and lets I/O callbacks run between slices, not within one', async () => {
  const seen: string[] = [];
  setImmediate(() => seen.push('io'));
  const out = await mapInSlices(Array.from({ length: 7 }, (_, i) => i), 3, (i) => { seen.push(String(i)); return i * i; });
  assert.equal(out, [0, 1, 4, 9, 16, 25, 36]);
  assert.equal(seen, ['0', '1', '2', 'io', '3', '4', '5', '6']);
  assert.equal(await mapInSlices([], 3, (i: number) => i), []);
});

test('Limiter never runs more than its limit at once and keeps every result', async () => {
  let active = 0;
  let peak = 0;
  const results = await mapLimited(Array.from({ length: 40 }, (_, i) => i), 4, async (i) => {
    active++;
    peak = Math.max(peak, active);
    await new Promise((r) => setTimeout(r, 1 + (i % 3)));
    active--;
    return i * 2;
  });
  assert.is(peak, 4);
  assert.equal(results, Array.from({ length: 40 }, (_, i) => i * 2));
  const limiter = new Limiter(2);
  let inFlight = 0;
  let max = 0;
  await Promise.all(Array.from({ length: 10 }, () => limiter.run(async () => {
    inFlight++; max = Math.max(max, inFlight);
    await new Promise((r) => setTimeout(r, 2));
    inFlight--;
  })));
  assert.is(max, 2);
  assert.throws(() => new Limiter(0), /positive integer/);
});

test('credentials are redacted from headers and free text', () => {
  assert.equal(redactHeaders({ Authorization: 'Bearer s3cr3t', Accept: 'application/json' }),
    { Authorization: 'Bearer <redacted>', Accept: 'application/json' });
  const text = redactText('token Bearer abc.def-123 and {"token":"xyz","other":"ok"} -----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----');
  assert.not.match(text, 'abc.def-123');
  assert.not.match(text, 'xyz');
  assert.not.match(text, 'MIIE');
  assert.match(text, '"other":"ok"');
});

test('HTTP errors become typed errors naming the request', () => {
  const target = { verb: 'list', resource: 'ippools.projectcalico.org', namespace: 'kube-system' };
  const forbidden = errorFromResponse(403, 'User "x" cannot list ippools.projectcalico.org in the namespace "kube-system".', target);
  assert.is(forbidden.reason, 'Forbidden');
  assert.match(forbidden.message, 'User "x" cannot list ippools.projectcalico.org');
  assert.match(forbidden.describe(), 'Grant the caller "list" on ippools.projectcalico.org in namespace kube-system');
  const status = JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'ippools.crd.projectcalico.org "x" already exists', reason: 'AlreadyExists', code: 409 });
  assert.is(errorFromResponse(409, status, target).reason, 'AlreadyExists');
  assert.is(errorFromResponse(409, JSON.stringify({ kind: 'Status', reason: 'Conflict', message: 'modified' }), target).reason, 'Conflict');
  assert.is(errorFromResponse(401, '', target).reason, 'Unauthorized');
  assert.is(errorFromResponse(404, '', target).reason, 'NotFound');
  const busy = errorFromResponse(429, '', target, 3);
  assert.is(busy.reason, 'Unavailable');
  assert.is(busy.retryAfterSeconds, 3);
  assert.is(errorFromResponse(500, '<html>oops</html>', target).reason, 'ServerError');
  const tls = errorFromNetwork(Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }), 'https://h:1', target);
  assert.is(tls.reason, 'TLS');
  assert.is(errorFromNetwork(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'https://h:1', target).reason, 'Connection');
});

test('colour: auto follows the TTY, NO_COLOR turns auto off, explicit flags win', () => {
  assert.is(colorEnabled('auto', true, {}), true);
  assert.is(colorEnabled('auto', false, {}), false);
  assert.is(colorEnabled('auto', true, { NO_COLOR: '1' }), false);
  assert.is(colorEnabled('auto', true, { NO_COLOR: '' }), true);
  assert.is(colorEnabled('always', false, { NO_COLOR: '1' }), true);
  assert.is(colorEnabled('never', true, {}), false);
  assert.is(paint('ok', 'ok', true), '\x1b[32mok\x1b[39m');
  assert.is(paint('ok', 'ok', false), 'ok');
});

const report: Report = {
  verb: 'demo',
  outcome: 'ok',
  tables: [{
    columns: [{ key: 'kind', header: 'KIND' }, { key: 'name', header: 'NAME' }, { key: 'detail', header: 'DETAIL', wide: true }],
    rows: [{ kind: 'IPPool', name: '192-168-0-0-16', detail: 'cidr 192.168.0.0/16' }, { kind: 'BGPPeer', name: cell('x', 'fail'), detail: undefined }],
  }],
  lines: [line('2 objects', 'ok')],
  data: { items: [{ kind: 'IPPool' }], count: 2 },
};

test('table output is kubectl-style: headers, aligned columns, no borders; wide adds columns', () => {
  const table = render(report, 'table', { color: false }).stdout;
  assert.is(table, 'KIND     NAME\nIPPool   192-168-0-0-16\nBGPPeer  x\n\n2 objects\n');
  const wide = render(report, 'wide', { color: false }).stdout;
  assert.match(wide, /^KIND\s+NAME\s+DETAIL\n/);
  assert.match(wide, /IPPool\s+192-168-0-0-16\s+cidr 192.168.0.0\/16/);
  assert.match(wide, /BGPPeer\s+x\s+-/);
  assert.match(render(report, 'table', { color: true }).stdout, '\x1b[31mx\x1b[39m');
});

test('json and yaml output are the report data, nothing else', () => {
  assert.equal(JSON.parse(render(report, 'json', { color: false }).stdout), report.data);
  assert.equal(yaml.load(render(report, 'yaml', { color: false }).stdout), report.data);
});

test('REST paths for core, grouped, namespaced and cluster-scoped resources', () => {
  assert.is(apiPath({ group: '', version: 'v1', resource: 'nodes' }), '/api/v1/nodes');
  assert.is(apiPath({ group: 'projectcalico.org', version: 'v1', resource: 'ippools', namespace: 'kube-system', name: '192-168-0-0-16' }),
    '/apis/projectcalico.org/v1/namespaces/kube-system/ippools/192-168-0-0-16');
  assert.is(apiPath({ group: 'crd.projectcalico.org', version: 'v1', resource: 'bgppeers' }), '/apis/crd.projectcalico.org/v1/bgppeers');
  assert.is(resourceName({ group: 'projectcalico.org', version: 'v1', resource: 'ippools' }), 'ippools.projectcalico.org');
  assert.is(resourceName({ group: '', version: 'v1', resource: 'nodes' }), 'nodes');
});

test.run();
