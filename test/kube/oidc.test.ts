// The oidc auth provider's rules, without a network: when an id-token counts as expired, how the refresh grant is
// sent, what is written back, and how the kubeconfig file is rewritten (mode, symlink, lock, the user gone).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as yaml from 'js-yaml';
import type { IdpRequest } from '../../src/kube/idp-request.js';
import { persistAuthProviderConfig } from '../../src/kube/kubeconfig-persist.js';
import { EXPIRY_DELTA_MS, oidcTokenSource, stillValid } from '../../src/kube/oidc.js';

const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
const fail = (m: string) => new Error(m);
const NOW = 1_800_000_000_000;

test('an id-token is valid only while more than 10 s from exp; a missing or non-numeric exp is expired; float exp is truncated', () => {
  const exp = NOW / 1000 + 60;
  assert.ok(stillValid(jwt({ exp }), NOW, fail));
  assert.ok(stillValid(jwt({ exp }), NOW + 60_000 - EXPIRY_DELTA_MS - 1, fail));
  assert.not.ok(stillValid(jwt({ exp }), NOW + 60_000 - EXPIRY_DELTA_MS, fail), 'exactly at the margin: expired');
  assert.ok(stillValid(jwt({ exp: exp + 0.9 }), NOW + 60_000 - EXPIRY_DELTA_MS - 1, fail));
  assert.not.ok(stillValid(jwt({}), NOW, fail));
  assert.not.ok(stillValid(jwt({ exp: String(exp) }), NOW, fail));
  assert.throws(() => stillValid('a.b', NOW, fail), /not a valid JWT/);
  assert.throws(() => stillValid('a.!!!.c', NOW, fail), /cannot be read/);
});

type Call = { method: string; url: string; body?: string; headers?: Record<string, string> };
function idp(answers: Array<{ status: number; body: object | string; contentType?: string }>): { request: IdpRequest; calls: Call[] } {
  const calls: Call[] = [];
  const discovery: (typeof answers)[number] = { status: 200, body: { token_endpoint: 'https://idp.example/token' } };
  const queue = [discovery, ...answers];
  return {
    calls,
    request: async (method, url, o = {}) => {
      calls.push({ method, url, ...o });
      const a = queue.shift() ?? { status: 500, body: 'no more answers' };
      return { status: a.status, body: typeof a.body === 'string' ? a.body : JSON.stringify(a.body), contentType: a.contentType ?? 'application/json' };
    },
  };
}
const config = { 'idp-issuer-url': 'https://idp.example/', 'client-id': 'k8s id', 'client-secret': 's&cret', 'id-token': jwt({ exp: 1 }), 'refresh-token': 'rt-1' };

test('the refresh grant: discovery without a double slash, basic auth with query-escaped id and secret, then the new tokens persisted', async () => {
  const { request, calls } = idp([{ status: 200, body: { access_token: 'at', id_token: jwt({ exp: NOW / 1000 + 3600 }), refresh_token: 'rt-2' } }]);
  const persisted: Array<Record<string, string>> = [];
  const source = oidcTokenSource(config, { who: 'the oidc auth provider of user "u"', request, persist: async (c) => { persisted.push(c); }, now: () => NOW });
  const [a, b] = await Promise.all([source.token(), source.token()]);
  assert.is(a, b);
  assert.is(calls.length, 2, 'one discovery, one token request for both callers');
  assert.is(calls[0]!.url, 'https://idp.example/.well-known/openid-configuration');
  assert.is(calls[1]!.body, 'grant_type=refresh_token&refresh_token=rt-1');
  assert.is(calls[1]!.headers!.Authorization, `Basic ${Buffer.from('k8s%20id:s%26cret').toString('base64')}`);
  assert.equal(persisted, [{ 'id-token': a, 'refresh-token': 'rt-2' }]);
  assert.is(await source.token(), a, 'kept while valid: no more requests');
  assert.is(calls.length, 2);
});

test('a refused basic auth is retried with the id and secret as form parameters; a form-encoded answer is read; an unrotated refresh-token is not rewritten', async () => {
  const { request, calls } = idp([
    { status: 401, body: { error: 'invalid_client' } },
    { status: 200, body: `access_token=at&id_token=${jwt({ exp: NOW / 1000 + 60 })}&refresh_token=rt-1`, contentType: 'application/x-www-form-urlencoded; charset=utf-8' },
  ]);
  const persisted: Array<Record<string, string>> = [];
  await oidcTokenSource(config, { who: 'w', request, persist: async (c) => { persisted.push(c); }, now: () => NOW }).token();
  assert.is(calls[2]!.body, 'grant_type=refresh_token&refresh_token=rt-1&client_id=k8s+id&client_secret=s%26cret');
  assert.is(calls[2]!.headers!.Authorization, undefined);
  assert.equal(Object.keys(persisted[0]!), ['id-token']);
});

test('errors name the step: discovery status, no token_endpoint, the IdP\'s error code, no access_token, a token that cannot be saved (then not used)', async () => {
  const cases: Array<[Parameters<typeof idp>[0], RegExp, boolean?]> = [
    [[], /could not refresh its id-token at https:\/\/idp.example\/token: HTTP 500: no more answers/],
    [[{ status: 400, body: { error: 'invalid_grant', error_description: 'expired' } }, { status: 400, body: { error: 'invalid_grant', error_description: 'expired' } }], /invalid_grant: expired \(HTTP 400\)/],
    [[{ status: 200, body: { id_token: 'x' } }, { status: 200, body: { id_token: 'x' } }], /the answer has no access_token/],
    [[{ status: 200, body: { access_token: 'at', id_token: jwt({ exp: 9e9 }) } }], /could not save it: disk full/, true],
  ];
  for (const [answers, message, failPersist] of cases) {
    const { request } = idp(answers);
    const source = oidcTokenSource(config, { who: 'w', request, now: () => NOW, persist: async () => { if (failPersist) throw new Error('disk full'); } });
    await source.token().then(() => assert.unreachable('should fail'), (e: Error) => assert.match(e.message, message));
  }
  const noEndpoint: IdpRequest = async () => ({ status: 200, body: '{}', contentType: 'application/json' });
  await oidcTokenSource(config, { who: 'w', request: noEndpoint, persist: async () => {}, now: () => NOW }).token()
    .then(() => assert.unreachable(), (e: Error) => assert.match(e.message, /no token_endpoint/));
});

const doc = (config: Record<string, string>) => ({
  apiVersion: 'v1', kind: 'Config', 'current-context': 'c',
  users: [{ name: 'other', user: { token: 't' } }, { name: 'u', user: { 'auth-provider': { name: 'oidc', config } } }],
});

test('persist: only the changed keys of that user, into the file as it is now; mode kept; a symlink stays a symlink', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oidc-persist-'));
  const real = path.join(dir, 'real');
  fs.writeFileSync(real, yaml.dump(doc({ 'client-id': 'a', 'id-token': 'old', 'extra-key': 'kept' })), { mode: 0o640 });
  fs.chmodSync(real, 0o640);
  const link = path.join(dir, 'config');
  fs.symlinkSync(real, link);
  return persistAuthProviderConfig(link, 'u', { 'id-token': 'new' }).then(() => {
    assert.ok(fs.lstatSync(link).isSymbolicLink());
    assert.is(fs.statSync(real).mode & 0o777, 0o640);
    assert.equal(yaml.load(fs.readFileSync(real, 'utf8')), doc({ 'client-id': 'a', 'id-token': 'new', 'extra-key': 'kept' }));
    assert.equal(fs.readdirSync(dir).sort(), ['config', 'real'], 'no temporary or lock file left');
  });
});

test('persist: waits for another writer\'s lock to go; a file that no longer has the user is an error, left as it was', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oidc-persist-'));
  const file = path.join(dir, 'config');
  fs.writeFileSync(file, yaml.dump(doc({ 'id-token': 'old' })));
  fs.writeFileSync(`${file}.lock`, '');
  setTimeout(() => fs.rmSync(`${file}.lock`), 200);
  await persistAuthProviderConfig(file, 'u', { 'id-token': 'new' });
  assert.match(fs.readFileSync(file, 'utf8'), /id-token: new/);
  const before = fs.readFileSync(file, 'utf8');
  await persistAuthProviderConfig(file, 'gone', { 'id-token': 'x' }).then(() => assert.unreachable(), (e: Error) => assert.match(e.message, /no longer defines user "gone"/));
  assert.is(fs.readFileSync(file, 'utf8'), before);
  assert.not.ok(fs.existsSync(`${file}.lock`));
});

test.run();
