// npm run bench:startup [-- --runs N --kubectl PATH]: start-up time of the standalone binary against kubectl's on this
// machine, as medians (a benchmark to read, not a timed test: it fails nothing). Runs the commands round-robin, so
// drift in the machine's load hits all of them alike, after a few warm-up runs each.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureHostBinary } from './dist/host-binary.js';
import { DIST } from './dist/project.js';

const { values: opts } = parseArgs({ options: { runs: { type: 'string', default: '30' }, kubectl: { type: 'string', default: '/usr/bin/kubectl' } } });
const runs = Number(opts.runs);
console.error('the standalone binary (built first when a source is newer than it)');
const binary = ensureHostBinary().path;

interface Bench { label: string; cmd: string; args: string[]; times: number[] }
const bench = (label: string, cmd: string, args: string[]): Bench => ({ label, cmd, args, times: [] });
const benches: Bench[] = [
  bench('kubectl version --client', opts.kubectl, ['version', '--client']),
  bench('kubectl-calico_migrate --help', binary, ['--help']),
  bench('kubectl-calico_migrate version --client', binary, ['version', '--client']),
  bench('kubectl-calico_migrate completion __complete -- ver (one TAB)', binary, ['completion', '__complete', '--', 'ver']),
  // For scale: the same bundle on plain Node, without the SEA's code cache.
  bench(`node dist/bundle.cjs --help (Node ${process.version})`, process.execPath, [join(DIST, 'bundle.cjs'), '--help']),
].filter((b) => existsSync(b.cmd));

function once(b: Bench): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(b.cmd, b.args, { stdio: 'ignore' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${b.label} exited ${r.status}`);
  return ms;
}

for (let i = 0; i < 3; i++) benches.forEach(once);
for (let i = 0; i < runs; i++) for (const b of benches) b.times.push(once(b));

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))] as number;
};
const median = (b: Bench): number => quantile(b.times, 0.5);
const kubectl = benches[0] as Bench;

console.log(`Start-up, ${runs} runs each after 3 warm-ups, ms (${process.platform}/${process.arch}, ${(await import('node:os')).cpus().length} CPUs${process.env.NODE_EXTRA_CA_CERTS ? ', NODE_EXTRA_CA_CERTS set' : ''}):\n`);
console.log('| command | median | min | p90 | × kubectl |');
console.log('|---|---:|---:|---:|---:|');
for (const b of benches) {
  const ratio = existsSync(kubectl.cmd) ? (median(b) / median(kubectl)).toFixed(2) : '-';
  console.log(`| \`${b.label}\` | ${median(b).toFixed(0)} | ${Math.min(...b.times).toFixed(0)} | ${quantile(b.times, 0.9).toFixed(0)} | ${ratio} |`);
}
