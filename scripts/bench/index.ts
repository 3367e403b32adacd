// `npm run bench`: how fast and how lean backup, migrate and verify are on a large cluster behind a slow link,
// compared with the floor (the larger of requests ÷ concurrency × latency and what a bare keep-alive client reaches
// with the same requests), with the same verbs one request at a time (the official Job's approach), with real
// kubectl, at 4× the cluster and at a far server's latency. Prints a table and writes bench-results/latest.json.
//   npm run bench -- [--nodes N] [--peers N] [--node-peers N] [--pools N] [--latency-ms MS] [--concurrency N]
//                    [--runs N] [--quick] [--scale K | --scale-check] [--far-latency-ms MS] [--sweep 8,16,32,64]
//                    [--sweep-latency 10,50] [--no-kubectl] [--no-serial] [--binary | --tsx] [--out FILE]
// --quick: a small cluster, 2 ms, one run, without the 4× and far cases (unless --scale / --far-latency-ms ask).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import os from 'node:os';
import { ROOT, hasGnuTime } from './measure.js';
import { checks, render } from './report.js';
import { runBench, type BenchOptions, type BenchResult } from './run.js';
import { DEFAULT_SIZE, QUICK_SIZE } from './scenario.js';

export const DEFAULT_OUT = path.join(ROOT, 'bench-results/latest.json');

export function parseBenchArgs(argv: string[]): BenchOptions & { out: string } {
  const { values } = parseArgs({
    args: argv,
    options: {
      nodes: { type: 'string' }, peers: { type: 'string' }, 'node-peers': { type: 'string' }, pools: { type: 'string' },
      'latency-ms': { type: 'string' }, concurrency: { type: 'string' }, runs: { type: 'string' }, quick: { type: 'boolean' },
      'scale-check': { type: 'boolean' }, scale: { type: 'string' }, 'far-latency-ms': { type: 'string' }, sweep: { type: 'string' }, 'sweep-latency': { type: 'string' }, 'no-kubectl': { type: 'boolean' }, 'no-serial': { type: 'boolean' },
      out: { type: 'string' }, tsx: { type: 'boolean' }, binary: { type: 'boolean' },
    },
  });
  const int = (name: string, v: string | undefined, dflt: number, min = 0): number => {
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got ${v}`);
    return n;
  };
  const base = values.quick ? QUICK_SIZE : DEFAULT_SIZE;
  const latencyMs = int('latency-ms', values['latency-ms'], values.quick ? 2 : 10);
  const list = (name: string, v: string): number[] => v.split(',').map((x) => int(name, x, 0, 1));
  return {
    size: {
      ...base,
      nodes: int('nodes', values.nodes, base.nodes, 1), peers: int('peers', values.peers, base.peers),
      nodePeers: int('node-peers', values['node-peers'], base.nodePeers), pools: int('pools', values.pools, base.pools, 1),
    },
    latencyMs,
    concurrency: int('concurrency', values.concurrency, 32, 1), // the CLI's default (src/cli/flags.ts)
    runs: int('runs', values.runs, values.quick ? 1 : 3, 1),
    kubectl: !values['no-kubectl'],
    serial: !values['no-serial'],
    // --scale-check: the doubled cluster, as before the 4× case existed.
    scale: int('scale', values.scale, values['scale-check'] ? 2 : values.quick ? 0 : 4),
    farLatencyMs: int('far-latency-ms', values['far-latency-ms'], values.quick ? 0 : 50),
    sweep: values.sweep ? list('sweep', values.sweep) : [],
    sweepLatencies: values['sweep-latency'] ? list('sweep-latency', values['sweep-latency']) : [latencyMs],
    runtime: values.tsx ? 'tsx' : values.binary ? 'binary' : 'built',
    out: path.resolve(values.out ?? DEFAULT_OUT),
    log: (line) => process.stderr.write(`${line}\n`),
  };
}

export function machine(): Record<string, string | number> {
  return { cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30), platform: `${os.type()} ${os.release()}`, node: process.version, peakRss: hasGnuTime() ? 'GNU time' : 'Node maxRSS hook' };
}

export function writeResults(file: string, result: BenchResult): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const json = { date: new Date().toISOString(), machine: machine(), ...result, checks: checks(result) };
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const opts = parseBenchArgs(process.argv.slice(2));
  const result = await runBench(opts);
  process.stdout.write(render(result));
  writeResults(opts.out, result);
  process.stdout.write(`\nresults: ${path.relative(process.cwd(), opts.out) || opts.out}\n`);
}
