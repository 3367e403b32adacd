// The first SIGINT/SIGTERM ends the run within two seconds, with the summary of the writes sent, wherever the process
// is waiting: a write the server holds, an answer that drips a byte at a time, a prompt on a terminal. Real child
// processes; the prompt runs on a pseudo-terminal (util-linux `script`).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startCluster } from '../cluster/index.js';
import { startCliProcess } from '../support/process.js';
import { newTally } from './support.js';

const tally = newTally('interrupts while waiting');
const CLI = new URL('../../bin/kubectl-calico_migrate', import.meta.url).pathname;
const LIMIT_MS = 2000;

test('SIGINT while a write hangs on the server (held, never answered) → exit 130 within 2 s, with the writes sent', async () => {
  const cluster = await startCluster({ scenario: 'calico-v2.4' });
  let release!: () => void;
  const held = new Promise<void>((resolve) => { release = resolve; });
  try {
    const run = startCliProcess(['--kubeconfig', cluster.kubeconfigPath, 'migrate']);
    let signalled = 0;
    // The third CR create is held by the server for as long as the test lasts; the signal goes out as it arrives.
    cluster.onRequest({ method: 'POST', path: /crd\.projectcalico\.org\/v1\//, skip: 2 }, async () => {
      signalled = Date.now();
      run.child.kill('SIGINT');
      await held;
    });
    const r = await run.done;
    const took = Date.now() - signalled;
    assert.ok(signalled > 0, 'the signal was sent');
    assert.is(r.code, 130, r.stderr);
    assert.match(r.stderr, /interrupted by SIGINT after \d+ write requests; no new request was started after it/);
    assert.ok(took < LIMIT_MS, `exited ${took} ms after the signal`);
    tally.kills++;
  } finally {
    release();
    await cluster.stop();
  }
});

test('SIGTERM while an answer drips (headers sent, then a byte every 200 ms) → exit 143 within 2 s', async () => {
  const sockets = new Set<import('node:net').Socket>();
  let answering!: () => void;
  const started = new Promise<void>((resolve) => { answering = resolve; });
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write('{"major":"1",');
    const drip = setInterval(() => res.write(' '), 200);
    res.on('close', () => clearInterval(drip));
    answering();
  });
  server.on('connection', (s) => { sockets.add(s); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const run = startCliProcess(['version', '--server', url, '--token', 'x', '--insecure-skip-tls-verify']);
    await started;
    await new Promise((resolve) => setTimeout(resolve, 300));   // the answer is dripping
    const signalled = Date.now();
    run.child.kill('SIGTERM');
    const r = await run.done;
    const took = Date.now() - signalled;
    assert.is(r.code, 143, r.stderr);
    assert.match(r.stderr, /interrupted by SIGTERM after 0 write requests/);
    assert.ok(took < LIMIT_MS, `exited ${took} ms after the signal`);
    tally.kills++;
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
});

test('SIGINT at a prompt on a terminal (rbac asking before it rewrites the role) → exit 130 within 2 s, nothing written', async () => {
  const cluster = await startCluster({ scenario: 'calico-v2.4' });
  try {
    // `script` gives the CLI a pseudo-terminal; `exec` makes the printed shell pid the CLI's own.
    const command = `echo "pid=$$"; exec "${CLI}" --kubeconfig "${cluster.kubeconfigPath}" rbac`;
    const child = spawn('script', ['-qec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let signalled = 0;
    const done = new Promise<number | null>((resolve) => child.on('close', resolve));
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const pid = Number(/pid=(\d+)/.exec(out)?.[1]);
      if (!signalled && pid && /\[y\/N\]/.test(out)) {
        signalled = Date.now();
        process.kill(pid, 'SIGINT');
      }
    });
    const code = await done;
    clearTimeout(killer);
    const took = Date.now() - signalled;
    assert.ok(signalled > 0, `the prompt was shown:\n${out}`);
    assert.is(code, 130, out);
    assert.match(out, /interrupted by SIGINT after 0 write requests/);
    assert.ok(took < LIMIT_MS, `exited ${took} ms after the signal`);
    assert.equal(cluster.writes().filter((w) => !w.review), [], 'nothing written');
    tally.kills++;
  } finally {
    await cluster.stop();
  }
});

test.run();
