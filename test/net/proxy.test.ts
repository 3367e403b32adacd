// The plugin through real proxies, beyond what the side-by-side matrix compares: a proxy that asks for a password gets
// it and the password is never printed; an https:// proxy is verified with the kubeconfig's CA; an unreachable or
// refusing proxy, or an unusable proxy URL, is one clear error (exit 3) naming the proxy; a whole verb runs through it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as yaml from 'js-yaml';
import { startCluster, type Cluster } from '../cluster/index.js';
import { loadPki } from '../cluster/tls.js';
import { runCli } from '../support/cli.js';
import { startMicrosocks, startTinyproxy, type RunningProxy } from '../support/proxies.js';

let cluster: Cluster;
let open: RunningProxy;
let guarded: RunningProxy;
let dir: string;
const PASSWORD = 'pr0xy-s3cret';

test.before(async () => {
  [cluster, open, guarded] = await Promise.all([
    startCluster({ scenario: 'calico-v2.4' }),
    startTinyproxy(),
    startTinyproxy({ basicAuth: { user: 'ops', password: PASSWORD } }),
  ]);
  dir = mkdtempSync(path.join(tmpdir(), 'net-proxy-'));
});
test.after(async () => { await Promise.all([cluster.stop(), open.stop(), guarded.stop()]); });

let seq = 0;
function withProxyUrl(proxyUrl: string): string {
  const config = yaml.load(readFileSync(cluster.kubeconfigPath, 'utf8')) as { clusters: Array<{ cluster: Record<string, unknown> }> };
  config.clusters[0]!.cluster['proxy-url'] = proxyUrl;
  const file = path.join(dir, `kubeconfig-${++seq}`);
  writeFileSync(file, yaml.dump(config));
  return file;
}
const noStack = (stderr: string): void => assert.not.match(stderr, /\n\s+at /);

test('a whole verb through the proxy: every request of check goes through it', async () => {
  const before = { log: cluster.requests.length, proxy: open.targets().length };
  const r = await runCli(['--kubeconfig', withProxyUrl(open.url), 'check', '-v']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, /connecting to https:\/\/127\.0\.0\.1:\d+ through the http proxy 127\.0\.0\.1:\d+ \(from the kubeconfig cluster's proxy-url\)/);
  const port = new URL(cluster.url).port;
  const tunnels = open.targets().slice(before.proxy);
  assert.ok(tunnels.length >= 1 && tunnels.every((t) => t === `127.0.0.1:${port}`), tunnels.join(' '));
  assert.ok(cluster.requests.length - before.log > 10, 'check sent its requests');
});

test('migrate through an http and a SOCKS5 proxy: the CRD watch goes through the tunnel too and ends the wait', async () => {
  const socks = await startMicrosocks();
  try {
    for (const proxy of [open, socks]) {
      const c = await startCluster({ scenario: 'calico-v2.4', crdEstablishDelayMs: 200 });
      try {
        const config = yaml.load(readFileSync(c.kubeconfigPath, 'utf8')) as { clusters: Array<{ cluster: Record<string, unknown> }> };
        config.clusters[0]!.cluster['proxy-url'] = proxy.url;
        const file = path.join(dir, `kubeconfig-${++seq}`);
        writeFileSync(file, yaml.dump(config));
        const tunnels = proxy.targets().length;
        const r = await runCli(['--kubeconfig', file, 'migrate', '-y']);
        assert.is(r.code, 0, r.stderr);
        const watches = c.requests.filter((e) => e.path.endsWith('/customresourcedefinitions') && e.query.includes('watch=true'));
        assert.equal(watches.map((w) => w.status), [200], `${proxy.url}: one watch, answered`);
        // Polling every 10 ms over the 200 ms would be ~10 LISTs of the CRDs after the first.
        const crdLists = c.requests.filter((e) => e.method === 'GET' && e.path.endsWith('/customresourcedefinitions') && !e.query.includes('watch'));
        assert.ok(crdLists.length <= 3, `${proxy.url}: ${crdLists.length} CRD LISTs: the watch, not polling, ended the wait`);
        const port = new URL(c.url).port;
        assert.ok(proxy.targets().slice(tunnels).every((t) => t === `127.0.0.1:${port}`) && proxy.targets().length > tunnels, `${proxy.url}: through the proxy`);
      } finally {
        await c.stop();
      }
    }
  } finally {
    await socks.stop();
  }
});

test('a proxy that asks for a password gets it from the proxy URL, and the password is never printed or logged', async () => {
  const url = new URL(guarded.url);
  url.username = 'ops';
  url.password = PASSWORD;
  const before = guarded.targets().length;
  const r = await runCli(['--kubeconfig', withProxyUrl(url.href), 'version', '-vvv']);
  assert.is(r.code, 0, r.stderr);
  assert.ok(guarded.targets().length > before, 'through the proxy');
  assert.not.ok((r.stdout + r.stderr).includes(PASSWORD), 'the password never appears');
  const refused = await runCli(['--kubeconfig', withProxyUrl(guarded.url), 'version']);
  assert.is(refused.code, 3);
  assert.match(refused.stderr, /through the http proxy 127\.0\.0\.1:\d+ \(from the kubeconfig cluster's proxy-url\): the proxy asks for credentials \(HTTP 407\)/);
  noStack(refused.stderr);
});

test('an https:// proxy is verified with the kubeconfig CA (as Go uses one TLS config for both)', async () => {
  // A TLS front on 127.0.0.1 with the simulated cluster's own certificate (signed by the kubeconfig's CA), forwarding
  // to tinyproxy: the proxy is tinyproxy, its log shows the tunnel.
  const pki = loadPki();
  const front = tls.createServer({ key: pki.serverKey, cert: pki.serverCert }, (socket) => {
    const [host, port] = open.url.replace('http://', '').split(':');
    const upstream = net.connect(Number(port), host);
    socket.pipe(upstream).pipe(socket);
    const drop = (): void => { socket.destroy(); upstream.destroy(); };
    socket.on('error', drop);
    upstream.on('error', drop);
  });
  await new Promise<void>((r) => front.listen(0, '127.0.0.1', () => r()));
  try {
    const before = open.targets().length;
    const r = await runCli(['--kubeconfig', withProxyUrl(`https://127.0.0.1:${(front.address() as net.AddressInfo).port}`), 'version']);
    assert.is(r.code, 0, r.stderr);
    assert.ok(open.targets().length > before, 'through the proxy');
  } finally {
    front.close();
  }
});

test('proxy-url socks5h:// works too (kubectl 1.32 refuses that scheme in proxy-url, but takes it in HTTPS_PROXY)', async () => {
  const socks = await startMicrosocks();
  try {
    const r = await runCli(['--kubeconfig', withProxyUrl(socks.url.replace('socks5:', 'socks5h:')), 'version']);
    assert.is(r.code, 0, r.stderr);
    assert.equal(socks.targets(), [`127.0.0.1:${new URL(cluster.url).port}`]);
  } finally {
    await socks.stop();
  }
});

test('an unreachable proxy: exit 3, one error naming the proxy and where it came from', async () => {
  const r = await runCli(['--kubeconfig', cluster.kubeconfigPath, '--server', cluster.url.replace('127.0.0.1', '0.0.0.0'), '--tls-server-name', 'localhost', 'version'],
    { env: { HTTPS_PROXY: 'http://127.0.0.1:9' } });
  assert.is(r.code, 3);
  assert.match(r.stderr, /^error: Unable to connect to the server https:\/\/0\.0\.0\.0:\d+ through the http proxy 127\.0\.0\.1:9 \(from HTTPS_PROXY\): .*ECONNREFUSED/m);
  assert.match(r.stderr, /Check that the proxy is running/);
  noStack(r.stderr);
});

test('a name the proxy cannot resolve: the proxy is asked (no local lookup) and its refusal is the error', async () => {
  const before = open.targets().length;
  const r = await runCli(['--server', 'https://kube-api.calico-migrate.invalid:6443', '--token', 'x', 'version'], { env: { HTTPS_PROXY: open.url } });
  assert.is(r.code, 3);
  assert.equal(open.targets().slice(before), ['kube-api.calico-migrate.invalid:6443']);
  assert.match(r.stderr, /through the http proxy 127\.0\.0\.1:\d+ \(from HTTPS_PROXY\): the proxy refused the tunnel \(HTTP 5\d\d\)/);
  assert.not.match(r.stderr, /ENOTFOUND/);
  noStack(r.stderr);
});

test('an unusable proxy-url or proxy variable is refused before any request (exit 3)', async () => {
  const before = cluster.requests.length;
  const bad = await runCli(['--kubeconfig', withProxyUrl('ftp://127.0.0.1:21'), 'version']);
  assert.is(bad.code, 3);
  assert.match(bad.stderr, /proxy-url "ftp:\/\/127\.0\.0\.1:21" has an unsupported scheme "ftp": use http, https or socks5 \(cluster "fake-1\.7"\)/);
  const env = await runCli(['--kubeconfig', cluster.kubeconfigPath, '--server', 'https://api.example.invalid', 'version'], { env: { HTTPS_PROXY: 'ftp://p' } });
  assert.is(env.code, 3);
  assert.match(env.stderr, /HTTPS_PROXY has an unsupported proxy scheme "ftp"/);
  assert.is(cluster.requests.length, before, 'nothing was sent');
  noStack(bad.stderr + env.stderr);
});

test.run();
