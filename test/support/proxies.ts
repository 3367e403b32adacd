// Real proxies for the connection tests, on 127.0.0.1 only: Debian's tinyproxy (HTTP CONNECT) and microsocks (SOCKS5),
// unpacked into .tools/proxies by scripts/get-test-proxies.sh (npm's pretest). Each keeps its own log, which is the
// proof that traffic went through it. A missing binary fails the test: it is never a silent pass.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const TOOLS = resolve(new URL('../../.tools/proxies/usr/bin', import.meta.url).pathname);

export interface RunningProxy {
  url: string;
  /** Every "host:port" the proxy was asked to connect to, from its own log, in order. */
  targets(): string[];
  stop(): Promise<void>;
}

function binary(name: string): string {
  const path = join(TOOLS, name);
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(`${path} is missing: run sh scripts/get-test-proxies.sh (npm test does it first)`);
  }
  return path;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

async function waitForPort(port: number, child: ChildProcess, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode} before listening`);
    const open = await new Promise<boolean>((r) => {
      const s = net.connect(port, '127.0.0.1', () => { s.destroy(); r(true); });
      s.on('error', () => r(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`${what} is not listening on 127.0.0.1:${port} after 15 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () => new Promise<void>((r) => {
    if (child.exitCode !== null || child.signalCode !== null) return r();
    child.once('exit', () => r());
    child.kill('SIGTERM');
  });
}

/** tinyproxy in the foreground, every port allowed for CONNECT, logging each request line; optionally asking for a password. */
export async function startTinyproxy(opts: { basicAuth?: { user: string; password: string } } = {}): Promise<RunningProxy> {
  const bin = binary('tinyproxy');
  const dir = mkdtempSync(join(tmpdir(), 'tinyproxy-'));
  const port = await freePort();
  const log = join(dir, 'tinyproxy.log');
  writeFileSync(log, '');
  // No ConnectPort line: CONNECT to any port (the API server is not on 443).
  writeFileSync(join(dir, 'tinyproxy.conf'), [
    `Port ${port}`, 'Listen 127.0.0.1', 'Timeout 60', `LogFile "${log}"`, 'LogLevel Connect', 'MaxClients 100', 'Allow 127.0.0.1',
    ...(opts.basicAuth ? [`BasicAuth ${opts.basicAuth.user} ${opts.basicAuth.password}`] : []), '',
  ].join('\n'));
  const child = spawn(bin, ['-d', '-c', join(dir, 'tinyproxy.conf')], { stdio: 'ignore' });
  await waitForPort(port, child, 'tinyproxy');
  return {
    url: `http://127.0.0.1:${port}`,
    // "Request (file descriptor 5): CONNECT 127.0.0.1:6443 HTTP/1.1" (and "GET http://host:port/path HTTP/1.1" for http servers)
    targets: () => [...readFileSync(log, 'utf8').matchAll(/Request \(file descriptor \d+\): (?:CONNECT (\S+)|[A-Z]+ \w+:\/\/([^/\s]+))/g)].map((m) => (m[1] ?? m[2])!),
    stop: stopper(child),
  };
}

/** microsocks, which logs "client[n] 127.0.0.1: connected to host:port" for every tunnel it opens. */
export async function startMicrosocks(): Promise<RunningProxy> {
  const bin = binary('microsocks');
  const port = await freePort();
  const child = spawn(bin, ['-i', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  await waitForPort(port, child, 'microsocks');
  return {
    url: `socks5://127.0.0.1:${port}`,
    targets: () => [...out.matchAll(/connected to (\S+)/g)].map((m) => m[1]!),
    stop: stopper(child),
  };
}
