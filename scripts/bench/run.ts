// The benchmark's measurements: each verb as its own process against the simulated cluster with injected latency,
// N runs on a freshly seeded server each, medians reported. Requests are counted from the server's request log.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCluster, type Cluster, type Scenario } from '../../test/cluster/index.js';
import { convertedObjectsFile, KUBECTL, kubectlApply, kubectlBackup, prepareCrds } from './kubectl.js';
import { buildForBench, type BuiltCli } from './build.js';
import { ensureHostBinary } from '../dist/host-binary.js';
import { median, nodeCommand, ROOT, runMeasured, type RunResult } from './measure.js';
import { benchScenario, doubled, type ScenarioSize } from './scenario.js';

export interface BenchOptions {
  size: ScenarioSize;
  latencyMs: number;
  concurrency: number;
  runs: number;
  kubectl: boolean;
  /** Also measure the verbs at --concurrency 1 (the official one-at-a-time approach). */
  serial: boolean;
  scaleCheck: boolean;
  sweep: number[];
  /** 'built' (default): the release's bundle on the pinned Node; 'binary': the standalone binary itself (npm run build); 'tsx': the development shim. */
  runtime: 'built' | 'binary' | 'tsx';
  log: (line: string) => void;
}

export interface Row {
  id: string;
  label: string;
  concurrency: number;
  requests: number;
  writes: number;
  wallMs: number;
  floorMs: number;
  rssMb: number | null;
  samples: Array<{ wallMs: number; requests: number; writes: number; rssMb: number | null }>;
}

interface Sample { result: RunResult; requests: number; writes: number }

/** Runs one measured command and counts what reached the server while it ran (SelfSubjectAccessReviews excluded). */
async function measured(cluster: Cluster, command: () => Promise<RunResult>, expectCodes = [0]): Promise<Sample> {
  const from = cluster.requests.length;
  const result = await command();
  if (!expectCodes.includes(result.code)) throw new Error(`exit ${result.code}: ${result.stderr.trim().slice(0, 800)}`);
  const seen = cluster.requests.slice(from).filter((r) => !r.review);
  return { result, requests: seen.length, writes: seen.filter((r) => r.method !== 'GET').length };
}

class Collector {
  private readonly samples = new Map<string, { label: string; concurrency: number; list: Sample[] }>();
  constructor(private readonly latencyMs: number) {}
  add(id: string, label: string, concurrency: number, s: Sample): void {
    const entry = this.samples.get(id) ?? { label, concurrency, list: [] };
    entry.list.push(s);
    this.samples.set(id, entry);
  }
  rows(): Row[] {
    return [...this.samples].map(([id, { label, concurrency, list }]) => {
      const requests = Math.round(median(list.map((s) => s.requests)));
      const rss = list.flatMap((s) => (s.result.rssMb === undefined ? [] : [s.result.rssMb]));
      return {
        id, label, concurrency, requests,
        writes: Math.round(median(list.map((s) => s.writes))),
        wallMs: Math.round(median(list.map((s) => s.result.wallMs))),
        floorMs: Math.round((requests / concurrency) * this.latencyMs),
        rssMb: rss.length ? Math.round(Math.max(...rss) * 10) / 10 : null,
        samples: list.map((s) => ({ wallMs: Math.round(s.result.wallMs), requests: s.requests, writes: s.writes, rssMb: s.result.rssMb === undefined ? null : Math.round(s.result.rssMb * 10) / 10 })),
      };
    });
  }
}

async function withCluster<T>(scenario: Scenario, latencyMs: number, fn: (c: Cluster, work: string) => Promise<T>): Promise<T> {
  const cluster = await startCluster({ scenario, faults: latencyMs > 0 ? { latencyMs } : undefined, lifetimeMs: 60 * 60_000 });
  const work = mkdtempSync(path.join(tmpdir(), 'calico-bench-work-'));
  try {
    return await fn(cluster, work);
  } finally {
    await cluster.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

let programs: BuiltCli = { cli: path.join(ROOT, 'src/cli.ts'), listsOnly: path.join(ROOT, 'scripts/bench/lists-only.ts') };
let viaTsx = true;
let binary: string | undefined;

const cli = (kubeconfig: string, concurrency: number, ...args: string[]) => () => {
  const argv = ['--kubeconfig', kubeconfig, '--concurrency', String(concurrency), ...args];
  return runMeasured(binary ? [binary, ...argv] : nodeCommand(programs.cli, argv, viaTsx));
};

/** backup, migrate (fresh), migrate (re-run), verify — and the LISTs alone — at one concurrency, on a fresh cluster. */
async function ourVerbs(col: Collector, scenario: Scenario, o: BenchOptions, concurrency: number, suffix: string, listsOnly: boolean): Promise<void> {
  await withCluster(scenario, o.latencyMs, async (c, work) => {
    const kc = c.kubeconfigPath;
    const step = async (id: string, label: string, run: () => Promise<RunResult>, codes?: number[]): Promise<void> => {
      const s = await measured(c, run, codes);
      col.add(`${id}${suffix}`, label, concurrency, s);
      o.log(`  ${label.padEnd(34)} c=${String(concurrency).padEnd(3)} ${Math.round(s.result.wallMs)} ms, ${s.requests} requests, ${s.writes} writes, ${s.result.rssMb?.toFixed(0) ?? '?'} MB`);
    };
    await step('backup', 'backup', cli(kc, concurrency, 'backup', '-d', path.join(work, 'backup')));
    if (listsOnly) await step('lists-only', 'LISTs alone (migrate\'s reads)', () => runMeasured(nodeCommand(programs.listsOnly, [kc, String(concurrency)], viaTsx)));
    await step('migrate-fresh', 'migrate (fresh)', cli(kc, concurrency, 'migrate'));
    await step('migrate-rerun', 'migrate (re-run)', cli(kc, concurrency, 'migrate'));
    await step('verify', 'verify', cli(kc, concurrency, 'verify'));
  });
}

async function kubectlVerbs(col: Collector, scenario: Scenario, o: BenchOptions): Promise<number> {
  return withCluster(scenario, o.latencyMs, async (c, work) => {
    const kc = c.kubeconfigPath;
    const converted = await convertedObjectsFile(kc, work);
    const gets = await measured(c, () => kubectlBackup(kc));
    col.add('kubectl-backup', 'kubectl get ×4 (seed backup)', 1, gets);
    o.log(`  kubectl get ×4                      ${Math.round(gets.result.wallMs)} ms, ${gets.requests} requests`);
    await prepareCrds(kc);
    const apply = await measured(c, () => kubectlApply(kc, converted.file));
    col.add('kubectl-apply', `kubectl apply -f (${converted.count} objects)`, 1, apply);
    o.log(`  kubectl apply -f ${converted.count} objects       ${Math.round(apply.result.wallMs)} ms, ${apply.requests} requests, ${apply.writes} writes`);
    return converted.count;
  });
}

export interface BenchResult {
  scenario: ScenarioSize & { name: string };
  runtime: BenchOptions['runtime'];
  latencyMs: number;
  concurrency: number;
  runs: number;
  rows: Row[];
  convertedObjects?: number;
  sweep: Array<{ concurrency: number; wallMs: number; requests: number; floorMs: number }>;
  scale?: { size: ScenarioSize; rows: Row[] };
}

export async function runBench(o: BenchOptions): Promise<BenchResult> {
  viaTsx = o.runtime === 'tsx';
  if (!viaTsx) programs = await buildForBench();
  if (o.runtime === 'binary') binary = ensureHostBinary().path;
  const scenario = benchScenario(o.size);
  const col = new Collector(o.latencyMs);
  let convertedObjects: number | undefined;
  const kubectl = o.kubectl && existsSync(KUBECTL);
  for (let run = 1; run <= o.runs; run++) {
    o.log(`run ${run}/${o.runs}`);
    await ourVerbs(col, scenario, o, o.concurrency, '', true);
    if (o.serial) await ourVerbs(col, scenario, o, 1, '@1', false);
    if (kubectl) convertedObjects = await kubectlVerbs(col, scenario, o);
  }
  const sweep: BenchResult['sweep'] = [];
  for (const c of o.sweep) {
    const sc = new Collector(o.latencyMs);
    for (let run = 1; run <= o.runs; run++) {
      await withCluster(scenario, o.latencyMs, async (cl) => { sc.add('m', 'migrate', c, await measured(cl, cli(cl.kubeconfigPath, c, 'migrate'))); });
    }
    const [row] = sc.rows();
    sweep.push({ concurrency: c, wallMs: row!.wallMs, requests: row!.requests, floorMs: row!.floorMs });
    o.log(`  sweep: migrate (fresh) at --concurrency ${c}: ${row!.wallMs} ms`);
  }
  let scale: BenchResult['scale'];
  if (o.scaleCheck) {
    const size = doubled(o.size);
    o.log(`scale check: doubled scenario (${size.nodes} nodes, ${size.peers} peers)`);
    const sc = new Collector(o.latencyMs);
    const big = benchScenario(size);
    for (let run = 1; run <= o.runs; run++) await ourVerbs(sc, big, o, o.concurrency, '', false);
    scale = { size, rows: sc.rows() };
  }
  return {
    scenario: { name: scenario.name, ...o.size }, runtime: o.runtime, latencyMs: o.latencyMs, concurrency: o.concurrency, runs: o.runs,
    rows: col.rows(), ...(convertedObjects !== undefined ? { convertedObjects } : {}), sweep, ...(scale ? { scale } : {}),
  };
}
