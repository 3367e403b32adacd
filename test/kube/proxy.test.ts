// Which proxy a request goes through: the kubeconfig's proxy-url, else the environment with Go's rules. The NO_PROXY
// table is Go's own (net/http proxy_test.go UseProxyTests with its noProxy value, golang.org/x/net/http/httpproxy).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ProxyConfigError, proxyFor, useProxy } from '../../src/kube/proxy.js';
import { checkServerIdentity } from '../../src/kube/trust.js';

const GO_NO_PROXY = 'foobar.com, .barbaz.net, *.wildcard.io, 192.168.1.1, 192.168.1.2:81, 192.168.1.3:80, 10.0.0.0/30, 2001:db8::52:0:1, [2001:db8::52:0:3]:80, 2002:db8:a::45/64';
const GO_USE_PROXY: Array<[string, boolean]> = [
  ['localhost', false], ['127.0.0.1', false], ['127.0.0.2', false], ['::1', false], ['::2', true],
  ['192.168.1.1', false], ['192.168.1.2', true], ['192.168.1.3', false], ['192.168.1.4', true], ['10.0.0.2', false],
  ['2001:db8::52:0:1', false], ['2001:db8::52:0:2', true], ['2001:db8::52:0:3', false], ['2002:db8:a::123', false],
  ['fe80::424b:c8be:1643:a1b6', true],
  ['barbaz.net', true], ['www.barbaz.net', false], ['foobar.com', false], ['www.foobar.com', false], ['foofoobar.com', true],
  ['baz.com', true], ['localhost.net', true], ['local.localhost', true], ['barbarbaz.net', true], ['wildcard.io', true],
  ['nested.wildcard.io', false], ['awildcard.io', true],
];

test("NO_PROXY: Go's table (port 80)", () => {
  for (const [host, expected] of GO_USE_PROXY) assert.is(useProxy(host, '80', GO_NO_PROXY), expected, host);
});

test('NO_PROXY: * matches everything, empty entries are skipped, IPv4 CIDRs hold no IPv6 and the reverse', () => {
  assert.is(useProxy('example.com', '443', '*'), false);
  assert.is(useProxy('example.com', '443', ' , ,'), true);
  assert.is(useProxy('10.0.0.1', '443', '::/0'), true);
  assert.is(useProxy('2001:db8::1', '443', '0.0.0.0/0'), true);
  assert.is(useProxy('0.0.0.0', '443', '0.0.0.0/8'), false);
  assert.is(useProxy('api.example.com', '6443', 'example.com:443'), true, 'the port must match when given');
  assert.is(useProxy('api.example.com', '6443', 'EXAMPLE.com:6443'), false, 'entries are case-insensitive');
});

test('the environment: HTTPS_PROXY for https servers, HTTP_PROXY for http ones, upper case first, never for loopback', () => {
  const env = { HTTPS_PROXY: 'http://proxy:3128', https_proxy: 'http://lower:3128', HTTP_PROXY: 'plain:8080' };
  assert.is(proxyFor('https://api.example.com:6443', undefined, env)?.url.href, 'http://proxy:3128/');
  assert.is(proxyFor('https://api.example.com:6443', undefined, env)?.source, 'HTTPS_PROXY');
  assert.is(proxyFor('https://api.example.com', undefined, { https_proxy: 'http://lower:3128' })?.source, 'https_proxy');
  assert.is(proxyFor('http://api.example.com', undefined, env)?.url.href, 'http://plain:8080/', 'a value without a scheme is http://');
  assert.is(proxyFor('https://127.0.0.1:6443', undefined, env), undefined);
  assert.is(proxyFor('https://[::1]:6443', undefined, env), undefined);
  assert.is(proxyFor('https://localhost:6443', undefined, env), undefined);
  assert.is(proxyFor('https://0.0.0.0:6443', undefined, env)?.source, 'HTTPS_PROXY', '0.0.0.0 is not loopback');
  assert.is(proxyFor('https://api.example.com', undefined, { ...env, NO_PROXY: '.example.com' }), undefined);
  assert.is(proxyFor('https://api.example.com', undefined, { ...env, no_proxy: 'api.example.com' }), undefined);
  assert.is(proxyFor('https://api.example.com', undefined, { ...env, NO_PROXY: 'other.com', no_proxy: 'example.com' })?.source, 'HTTPS_PROXY',
    'NO_PROXY wins over no_proxy when both are set');
  assert.is(proxyFor('http://api.example.com', undefined, { ...env, REQUEST_METHOD: 'GET' }), undefined, 'HTTP_PROXY is ignored under CGI');
  assert.is(proxyFor('https://api.example.com', undefined, { HTTPS_PROXY: '10.0.0.1:3128' })?.url.href, 'http://10.0.0.1:3128/');
  assert.throws(() => proxyFor('https://api.example.com', undefined, { HTTPS_PROXY: 'ftp://proxy' }),
    (e: Error) => e instanceof ProxyConfigError && /HTTPS_PROXY has an unsupported proxy scheme "ftp"/.test(e.message));
});

test("the kubeconfig's proxy-url wins over the environment and applies to every server, loopback included", () => {
  const env = { HTTPS_PROXY: 'http://env:3128', NO_PROXY: '*' };
  for (const url of ['http://p:3128', 'https://p:3129', 'socks5://p:1080', 'socks5h://p:1080']) {
    const choice = proxyFor('https://127.0.0.1:6443', url, env);
    assert.is(choice?.url.href, new URL(url).href);
    assert.is(choice?.source, 'proxy-url');
  }
  assert.throws(() => proxyFor('https://a', 'ftp://p:21', env), (e: Error) => e instanceof ProxyConfigError && /unsupported scheme "ftp"/.test(e.message));
  assert.throws(() => proxyFor('https://a', 'not a url', env), (e: Error) => e instanceof ProxyConfigError && /not a valid URL/.test(e.message));
  for (const bad of ['http://ops:s3cret@p:99999', 'ftp://ops:s3cret@p:21']) {
    assert.throws(() => proxyFor('https://a', bad, env), (e: Error) => e instanceof ProxyConfigError && !e.message.includes('s3cret') && e.message.includes('<redacted>@p'), bad);
  }
});

test('an IP literal server is checked against the IP SANs (Node 22.23 fails IPv6 literals on its own)', () => {
  const cert = { subject: { CN: 'kube-apiserver' }, subjectaltname: 'IP Address:127.0.0.1, DNS:localhost, IP Address:0:0:0:0:0:0:0:1' } as never;
  assert.is(checkServerIdentity('::1', cert), undefined);
  assert.is(checkServerIdentity('0:0::1', cert), undefined);
  assert.is(checkServerIdentity('127.0.0.1', cert), undefined);
  assert.is(checkServerIdentity('localhost', cert), undefined);
  assert.match(checkServerIdentity('::2', cert)?.message ?? '', /IP: ::2 is not in the cert's list/);
  assert.match(checkServerIdentity('10.0.0.1', cert)?.message ?? '', /IP: 10\.0\.0\.1 is not in the cert's list/);
  assert.ok(checkServerIdentity('example.com', cert), 'names still go through Node\'s check');
});

test.run();
