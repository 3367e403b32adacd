// The benchmark's measurements: each verb as its own process against the simulated cluster with injected latency,
// N runs on a freshly seeded server each, medians reported. Requests are counted from the server's request log.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCluster, type Cluster, type RequestLogEntry, type Scenario } from '../../test/cluster/index.js';
import { convertedObjectsFile, KUBECTL, kubectlApply, kubectlBackup, prepareCrds } from './kubectl.js';
import { buildForBench, type BuiltCli } from './build.js';
import { ensureHostBinary } from '../dist/host-binary.js';
import { median, nodeCommand, ROOT, runMeasured, type RunResult } from './measure.js';
import { benchScenario, scaled, type ScenarioSize } from './scenario.js';
import type { YardstickPlan, YardstickRequest } from './yardstick.js';

export interface BenchOptions {
  size: ScenarioSize;
  latencyMs: number;
  concurrency: number;
  runs: number;
  kubectl: boolean;
  /** Also measure the verbs at --concurrency 1 (the official one-at-a-time approach). */
  serial: boolean;
  /** Also run the verbs on the scenario this many times larger (4: 20,000 Nodes); 0 = not. */
  scale: number;
  /** Also run the verbs at this latency (an API server in another region); 0 = not. */
  farLatencyMs: number;
  sweep: number[];
  /** The latencies the sweep runs at (default: latencyMs). */
  sweepLatencies: number[];
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
  /** The larger of requestFloorMs and yardstickMs: what wall is divided by. */
  floorMs: number;
  /** requests ÷ concurrency × latency. */
  requestFloorMs: number;
  /**
   * Median wall of the bare keep-alive client sending the same requests at the same concurrency (yardstick.ts), when
   * measured: a process, as migrate is (Node's start included); yardstickSendMs is its first request to last answer.
   */
  yardstickMs?: number;
  yardstickSendMs?: number;
  rssMb: number | null;
  /** Median user + system CPU time of the command (GNU time), and of the yardstick when measured. */
  cpuMs: number | null;
  yardstickCpuMs?: number;
  /** Where a fresh migrate's wall time goes (medians), from the server's request log: see phasesOf. */
  phases?: Phases;
  /** The simulated server's event-loop delay while the command ran (median over runs of each run's p99 and max), ms. */
  serverLoopDelay: { p99: number; max: number };
  /** Requests of the safety work (re-checks and guards), when counted: see safetyRequests. */
  safety?: SafetyCount;
  samples: Array<{ wallMs: number; requests: number; writes: number; rssMb: number | null; cpuMs: number | null; yardstickMs?: number; yardstickSendMs?: number }>;
}

interface Sample {
  result: RunResult; requests: number; writes: number; log: RequestLogEntry[]; loopDelay: { p99: number; max: number }; phases: Phases;
  yardstickMs?: number; yardstickSendMs?: number; yardstickCpuMs?: number;
}

/**
 * A command's wall time in four parts, on the server's clock (the bench runs the server, so its performance.now() is
 * the bench's): from the process's start to its first request (start-up), to its first write of an object other than
 * a CRD (reads, planning, the CRDs created and Established), to the last write's answer (the writes), and from there
 * to the process's end (re-checks, the report, exit). For a command that writes nothing, the last two are 0.
 */
export interface Phases { startMs: number; untilFirstWriteMs: number; writesMs: number; afterWritesMs: number }

export function phasesOf(log: RequestLogEntry[], startedAt: number, wallMs: number): Phases {
  const end = startedAt + wallMs;
  const first = log.length ? Math.min(...log.map((r) => r.at)) : end;
  const writes = log.filter((r) => r.method !== 'GET');
  const objectWrites = writes.filter((r) => !r.path.includes('/customresourcedefinitions'));
  const firstWrite = objectWrites.length ? Math.min(...objectWrites.map((r) => r.at)) : end;
  const lastAnswer = writes.length ? Math.max(...writes.map((r) => r.at + r.ms)) : end;
  const ms = (x: number): number => Math.max(0, Math.round(x));
  return { startMs: ms(first - startedAt), untilFirstWriteMs: ms(firstWrite - first), writesMs: ms(Math.max(lastAnswer, firstWrite) - firstWrite), afterWritesMs: ms(end - Math.max(lastAnswer, firstWrite)) };
}

/** Runs one measured command and counts what reached the server while it ran (SelfSubjectAccessReviews excluded). */
async function measured(cluster: Cluster, command: () => Promise<RunResult>, expectCodes = [0]): Promise<Sample> {
  const from = cluster.requests.length;
  // The server runs in this process: its event loop's delay is this process's.
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const startedAt = performance.now();
  const result = await command();
  loop.disable();
  if (!expectCodes.includes(result.code)) throw new Error(`exit ${result.code}: ${result.stderr.trim().slice(0, 800)}`);
  const seen = cluster.requests.slice(from).filter((r) => !r.review);
  const ms = (ns: number): number => Math.round(ns / 1e5) / 10;
  return {
    result, requests: seen.length, writes: seen.filter((r) => r.method !== 'GET').length, log: seen, loopDelay: { p99: ms(loop.percentile(99)), max: ms(loop.max) },
    phases: phasesOf(seen, startedAt, result.wallMs),
  };
}

/**
 * The round trips migrate spends on safety rather than on copying: the DaemonSet read that proves -n names a Calico
 * installation, and the TPR kinds listed again after writing to catch a source changed meanwhile. (Node patches and
 * overwrites carry their resourceVersion guard in the write itself: no extra round trip.)
 */
export interface SafetyCount { daemonSetGuard: number; relistAfterWrites: number }

export function safetyRequests(log: RequestLogEntry[]): SafetyCount {
  const firstWrite = log.findIndex((r) => r.method !== 'GET');
  const tprData = (r: RequestLogEntry): boolean => r.method === 'GET' && r.path.startsWith('/apis/projectcalico.org/');
  return {
    daemonSetGuard: log.filter((r) => r.method === 'GET' && /\/daemonsets$/.test(r.path)).length,
    relistAfterWrites: firstWrite < 0 ? 0 : log.slice(firstWrite).filter(tprData).length,
  };
}

/**
 * The yardstick's request mix: a fresh migrate's requests as the server received them, made repeatable on the cluster
 * that migrate has just filled. Each CR create gets a new name (a real create again, not a 409); each Node patch
 * drops its resourceVersion guard (a real patch again, not a 409); the CRD creates, already done, answer 409 — five
 * requests. Reads are sent as they were, but for the watch migrate waits on for the CRDs' Established condition: a
 * bare client has nothing to wait for (and a watch would stay open until its timeout).
 */
export function replayOf(log: RequestLogEntry[]): YardstickRequest[] {
  return log.filter((r) => !/(^|&)watch=(true|1)(&|$)/.test(r.query)).map((r) => {
    const path = r.query ? `${r.path}?${r.query}` : r.path;
    if (r.method === 'GET' || r.body === undefined) return { method: r.method, path };
    const body = structuredClone(r.body) as { metadata?: { name?: string; resourceVersion?: string } };
    if (r.method === 'POST' && r.path.startsWith('/apis/crd.projectcalico.org/') && body.metadata?.name) body.metadata.name += '-y';
    if (r.method === 'PATCH' && r.path.startsWith('/api/v1/nodes/') && body.metadata) delete body.metadata.resourceVersion;
    return { method: r.method, path, body: JSON.stringify(body), ...(r.contentType ? { contentType: r.contentType } : {}) };
  });
}

async function runYardstick(cluster: Cluster, work: string, concurrency: number, requests: YardstickRequest[]): Promise<{ wallMs: number; cpuMs?: number; ms: number; statuses: Record<string, number> }> {
  const plan: YardstickPlan = { url: cluster.url, ca: readFileSync(cluster.caPath, 'utf8'), token: cluster.users.admin!.token, concurrency, requests };
  const file = path.join(work, 'yardstick.json');
  writeFileSync(file, JSON.stringify(plan));
  const r = await runMeasured(nodeCommand(programs.yardstick, [file], viaTsx), { keepStdout: true });
  rmSync(file, { force: true });
  if (r.code !== 0) throw new Error(`yardstick: exit ${r.code}: ${r.stderr.trim().slice(0, 800)}`);
  const out = JSON.parse(r.stdout) as { ms: number; statuses: Record<string, number> };
  return { wallMs: r.wallMs, cpuMs: r.cpuMs, ms: out.ms, statuses: out.statuses };
}

class Collector {
  private readonly samples = new Map<string, { label: string; concurrency: number; list: Sample[] }>();
  constructor(private readonly latencyMs: number) {}
  /** The yardstick measured for the last sample added under `id`. */
  yardstick(id: string, y: { wallMs: number; ms: number; cpuMs?: number }): void {
    const list = this.samples.get(id)?.list;
    if (list?.length) Object.assign(list[list.length - 1]!, { yardstickMs: y.wallMs, yardstickSendMs: y.ms, yardstickCpuMs: y.cpuMs });
  }
  add(id: string, label: string, concurrency: number, s: Sample): void {
    const entry = this.samples.get(id) ?? { label, concurrency, list: [] };
    entry.list.push(s);
    this.samples.set(id, entry);
  }
  rows(): Row[] {
    return [...this.samples].map(([id, { label, concurrency, list }]) => {
      const requests = Math.round(median(list.map((s) => s.requests)));
      // The median of what the runs measured (undefined when none did: no GNU time, no yardstick).
      const measuredMedian = (pick: (s: Sample) => number | undefined): number | undefined => {
        const values = list.flatMap((s) => { const v = pick(s); return v === undefined ? [] : [v]; });
        return values.length ? Math.round(median(values)) : undefined;
      };
      const rss = list.flatMap((s) => (s.result.rssMb === undefined ? [] : [s.result.rssMb]));
      const requestFloorMs = Math.round((requests / concurrency) * this.latencyMs);
      const yardstickMs = measuredMedian((s) => s.yardstickMs);
      const yardstickCpuMs = measuredMedian((s) => s.yardstickCpuMs);
      const phase = (k: keyof Phases): number => measuredMedian((s) => s.phases[k])!; // every sample has its phases
      const fresh = id.startsWith('migrate-fresh');
      return {
        id, label, concurrency, requests,
        writes: Math.round(median(list.map((s) => s.writes))),
        wallMs: Math.round(median(list.map((s) => s.result.wallMs))),
        floorMs: Math.max(requestFloorMs, yardstickMs ?? 0), requestFloorMs, ...(yardstickMs !== undefined ? { yardstickMs, yardstickSendMs: measuredMedian((s) => s.yardstickSendMs) } : {}),
        rssMb: rss.length ? Math.round(Math.max(...rss) * 10) / 10 : null,
        cpuMs: measuredMedian((s) => s.result.cpuMs) ?? null, ...(yardstickCpuMs !== undefined ? { yardstickCpuMs } : {}),
        serverLoopDelay: { p99: median(list.map((s) => s.loopDelay.p99)), max: median(list.map((s) => s.loopDelay.max)) },
        ...(fresh ? {
          phases: { startMs: phase('startMs'), untilFirstWriteMs: phase('untilFirstWriteMs'), writesMs: phase('writesMs'), afterWritesMs: phase('afterWritesMs') },
          safety: safetyRequests(list[0]!.log),
        } : {}),
        samples: list.map((s) => ({
          wallMs: Math.round(s.result.wallMs), requests: s.requests, writes: s.writes, rssMb: s.result.rssMb === undefined ? null : Math.round(s.result.rssMb * 10) / 10,
          cpuMs: s.result.cpuMs ?? null,
          ...(s.yardstickMs !== undefined ? { yardstickMs: Math.round(s.yardstickMs), yardstickSendMs: s.yardstickSendMs } : {}),
        })),
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

let programs: BuiltCli = { cli: path.join(ROOT, 'src/cli.ts'), listsOnly: path.join(ROOT, 'scripts/bench/lists-only.ts'), yardstick: path.join(ROOT, 'scripts/bench/yardstick.ts') };
let viaTsx = true;
let binary: string | undefined;

const cli = (kubeconfig: string, concurrency: number, ...args: string[]) => () => {
  const argv = ['--kubeconfig', kubeconfig, '--concurrency', String(concurrency), ...args];
  return runMeasured(binary ? [binary, ...argv] : nodeCommand(programs.cli, argv, viaTsx));
};

/**
 * backup, migrate (fresh), migrate (re-run), verify — and the LISTs alone — at one concurrency, on a fresh cluster;
 * then the yardstick: the fresh migrate's requests sent by a bare client at the same concurrency, on the same server.
 */
async function ourVerbs(col: Collector, scenario: Scenario, o: BenchOptions, concurrency: number, suffix: string, listsOnly: boolean, latencyMs = o.latencyMs, yardstick = true): Promise<void> {
  await withCluster(scenario, latencyMs, async (c, work) => {
    const kc = c.kubeconfigPath;
    const step = async (id: string, label: string, run: () => Promise<RunResult>, codes?: number[]): Promise<Sample> => {
      const s = await measured(c, run, codes);
      col.add(`${id}${suffix}`, label, concurrency, s);
      o.log(`  ${label.padEnd(34)} c=${String(concurrency).padEnd(3)} ${Math.round(s.result.wallMs)} ms, ${s.requests} requests, ${s.writes} writes, ${s.result.cpuMs ?? '?'} ms CPU, ${s.result.rssMb?.toFixed(0) ?? '?'} MB, server loop delay p99 ${s.loopDelay.p99} ms`);
      return s;
    };
    await step('backup', 'backup', cli(kc, concurrency, 'backup', '-d', path.join(work, 'backup')));
    if (listsOnly) await step('lists-only', 'LISTs alone (migrate\'s reads)', () => runMeasured(nodeCommand(programs.listsOnly, [kc, String(concurrency)], viaTsx)));
    const fresh = await step('migrate-fresh', 'migrate (fresh)', cli(kc, concurrency, 'migrate'));
    await step('migrate-rerun', 'migrate (re-run)', cli(kc, concurrency, 'migrate'));
    await step('verify', 'verify', cli(kc, concurrency, 'verify'));
    if (yardstick) {
      const y = await runYardstick(c, work, concurrency, replayOf(fresh.log));
      col.yardstick(`migrate-fresh${suffix}`, y);
      o.log(`  ${'yardstick (bare keep-alive client)'.padEnd(34)} c=${String(concurrency).padEnd(3)} ${Math.round(y.wallMs)} ms (${y.ms} ms sending), ${y.cpuMs ?? '?'} ms CPU, answers ${JSON.stringify(y.statuses)}`);
    }
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

export interface SweepPoint {
  latencyMs: number; concurrency: number; wallMs: number; requests: number; requestFloorMs: number; yardstickMs?: number; floorMs: number;
  serverLoopDelay: { p99: number; max: number };
}

export interface BenchResult {
  scenario: ScenarioSize & { name: string };
  runtime: BenchOptions['runtime'];
  latencyMs: number;
  concurrency: number;
  runs: number;
  rows: Row[];
  convertedObjects?: number;
  sweep: SweepPoint[];
  /** The same verbs on the scenario `factor` times larger. */
  scale?: { factor: number; size: ScenarioSize; rows: Row[] };
  /** The same verbs at a far server's latency. */
  far?: { latencyMs: number; rows: Row[] };
}

export async function runBench(o: BenchOptions): Promise<BenchResult> {
  viaTsx = o.runtime === 'tsx';
  if (!viaTsx) programs = await buildForBench();
  try {
    return await measureAll(o);
  } finally {
    programs.remove?.();
  }
}

async function measureAll(o: BenchOptions): Promise<BenchResult> {
  if (o.runtime === 'binary') binary = ensureHostBinary().path;
  const scenario = benchScenario(o.size);
  const col = new Collector(o.latencyMs);
  let convertedObjects: number | undefined;
  const kubectl = o.kubectl && existsSync(KUBECTL);
  for (let run = 1; run <= o.runs; run++) {
    o.log(`run ${run}/${o.runs}`);
    await ourVerbs(col, scenario, o, o.concurrency, '', true);
    if (o.serial) await ourVerbs(col, scenario, o, 1, '@1', false, o.latencyMs, false);
    if (kubectl) convertedObjects = await kubectlVerbs(col, scenario, o);
  }
  let far: BenchResult['far'];
  if (o.farLatencyMs > 0) {
    o.log(`far server: ${o.farLatencyMs} ms latency`);
    const fc = new Collector(o.farLatencyMs);
    for (let run = 1; run <= o.runs; run++) await ourVerbs(fc, scenario, o, o.concurrency, '', false, o.farLatencyMs);
    far = { latencyMs: o.farLatencyMs, rows: fc.rows() };
  }
  let scale: BenchResult['scale'];
  if (o.scale > 1) {
    const size = scaled(o.size, o.scale);
    o.log(`scale: ${o.scale}× scenario (${size.nodes} nodes, ${size.peers} peers)`);
    const sc = new Collector(o.latencyMs);
    const big = benchScenario(size);
    for (let run = 1; run <= o.runs; run++) await ourVerbs(sc, big, o, o.concurrency, '', false);
    scale = { factor: o.scale, size, rows: sc.rows() };
  }
  const sweep: SweepPoint[] = [];
  for (const latencyMs of o.sweep.length ? o.sweepLatencies : []) {
    for (const c of o.sweep) {
      const sc = new Collector(latencyMs);
      for (let run = 1; run <= o.runs; run++) {
        await withCluster(scenario, latencyMs, async (cl, work) => {
          const s = await measured(cl, cli(cl.kubeconfigPath, c, 'migrate'));
          sc.add('migrate-fresh', 'migrate', c, s);
          sc.yardstick('migrate-fresh', await runYardstick(cl, work, c, replayOf(s.log)));
        });
      }
      const [row] = sc.rows();
      sweep.push({ latencyMs, concurrency: c, wallMs: row!.wallMs, requests: row!.requests, requestFloorMs: row!.requestFloorMs, yardstickMs: row!.yardstickMs, floorMs: row!.floorMs, serverLoopDelay: row!.serverLoopDelay });
      o.log(`  sweep: migrate (fresh) at ${latencyMs} ms, --concurrency ${c}: ${row!.wallMs} ms (floor ${row!.floorMs} ms: requests ${row!.requestFloorMs}, yardstick ${row!.yardstickMs}), server loop delay p99 ${row!.serverLoopDelay.p99} ms`);
    }
  }
  return {
    scenario: { name: scenario.name, ...o.size }, runtime: o.runtime, latencyMs: o.latencyMs, concurrency: o.concurrency, runs: o.runs,
    rows: col.rows(), ...(convertedObjects !== undefined ? { convertedObjects } : {}), sweep, ...(scale ? { scale } : {}), ...(far ? { far } : {}),
  };
}
