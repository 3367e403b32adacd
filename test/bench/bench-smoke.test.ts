// `npm run bench -- --quick` end to end, as a child process: it measures every verb against the simulated cluster,
// writes the JSON for tracking in the documented shape, and a re-run of migrate sends no write. No timing assertions:
// the numbers depend on the machine.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);
const run = promisify(execFile);

test('bench --quick: JSON shape, every verb measured, and migrate re-run sends zero writes', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-smoke-'));
  try {
    const out = path.join(dir, 'latest.json');
    const { stdout } = await run(path.join(ROOT, 'node_modules/.bin/node'),
      ['--import', 'tsx', 'scripts/bench/index.ts', '--quick', '--no-serial', '--no-kubectl', '--latency-ms', '1', '--out', out],
      { cwd: ROOT, timeout: 60_000 });
    assert.match(stdout, /VERB\s+REQUESTS\s+WRITES\s+CONC\s+WALL ms\s+CPU ms\s+FLOOR ms/);
    assert.match(stdout, /where a fresh migrate's time goes \(medians\): \d+ ms start-up, \d+ ms from its first request to its first object written/);

    const json = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(Object.keys(json.scenario).sort(), ['bgpKeys', 'felixKeys', 'name', 'nodePeers', 'nodes', 'peers', 'pools']);
    assert.is(json.latencyMs, 1);
    assert.is(json.concurrency, 32);
    assert.type(json.machine.cpus, 'number');
    const rows = new Map<string, any>(json.rows.map((r: any) => [r.id, r]));
    assert.equal([...rows.keys()], ['backup', 'lists-only', 'migrate-fresh', 'migrate-rerun', 'verify']);
    for (const r of rows.values()) {
      for (const key of ['requests', 'writes', 'concurrency', 'wallMs', 'floorMs']) assert.type(r[key], 'number', `${r.id}.${key}`);
      assert.ok(r.wallMs > 0 && r.requests > 0, `${r.id} measured`);
      assert.is(r.samples.length, 1);
    }
    // Read-only verbs write nothing; a fresh migrate writes every object once; its re-run writes nothing at all.
    assert.is(rows.get('backup').writes, 0);
    assert.is(rows.get('verify').writes, 0);
    assert.ok(rows.get('migrate-fresh').writes >= 20 + 5 + 6 + 2, 'fresh migrate wrote the peers, pools and config keys');
    assert.is(rows.get('migrate-rerun').writes, 0);
    assert.ok(rows.get('migrate-rerun').requests < rows.get('migrate-fresh').requests / 2, 're-run only reads');
    // A fresh migrate's wall time in its four parts (one run: the medians are that run's), each part there.
    const fresh = rows.get('migrate-fresh');
    const { startMs, untilFirstWriteMs, writesMs, afterWritesMs } = fresh.phases;
    assert.ok(Math.abs(startMs + untilFirstWriteMs + writesMs + afterWritesMs - fresh.wallMs) <= 2, `phases ${JSON.stringify(fresh.phases)} add up to ${fresh.wallMs} ms`);
    assert.ok(startMs > 0 && untilFirstWriteMs > 0 && writesMs > 0 && afterWritesMs > 0, JSON.stringify(fresh.phases));
    // CPU time comes from GNU time or, without it, from the child itself: there either way.
    for (const r of rows.values()) assert.ok(r.cpuMs > 0, `${r.id}.cpuMs = ${r.cpuMs}`);
    const rerunCheck = json.checks.find((c: any) => c.name === 'migrate (re-run) writes');
    assert.equal(rerunCheck, { name: 'migrate (re-run) writes', value: 0, target: '= 0', ok: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
