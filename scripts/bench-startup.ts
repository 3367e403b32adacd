// npm run bench:startup [-- --runs N --warmups N --kubectl PATH --binary PATH --compare PATH --shim]: start-up time of
// the standalone binary on its hot paths (help, version, one TAB) against `kubectl version --client` and against the
// pinned Node doing nothing (`node -e 0`, the floor for any Node program), as medians and ratios. A benchmark to read,
// not a timed test: it fails nothing. Every round runs every command once, round-robin, so drift in the machine's load
// (the development VM is shared and noisy) hits all of them alike; only ratios from one run compare.
//   --binary PATH   the binary to measure (default: this machine's, built first when a source is newer than it)
//   --compare PATH  a second binary measured in the same rounds, e.g. one built before a change
//   --shim          also the development shim bin/kubectl-calico_migrate (the TypeScript sources through tsx)
// A TAB is measured twice: the binary's own completion entry, and `kubectl __complete calico-migrate ''` as kubectl
// (>= 1.26) runs it, finding the plugin and the shipped kubectl_complete-calico_migrate helper on PATH.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BINARY, COMPLETE_ENTRY, HELPER } from '../src/completion/shells.js';
import { helperSh } from '../src/completion/scripts/helper.js';
import { ensureHostBinary } from './dist/host-binary.js';
import { DIST, ROOT } from './dist/project.js';

const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string', default: '30' },
    warmups: { type: 'string', default: '3' },
    kubectl: { type: 'string' },
    binary: { type: 'string' },
    compare: { type: 'string' },
    shim: { type: 'boolean', default: false },
  },
});
const runs = Number(opts.runs);
const warmups = Number(opts.warmups);
if (!(runs >= 1 && warmups >= 0)) throw new Error('--runs must be ≥ 1 and --warmups ≥ 0');

const onPath = (name: string): string | undefined =>
  (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, name)).find((p) => existsSync(p));
const kubectl = opts.kubectl ?? onPath('kubectl');
if (!kubectl) throw new Error('no kubectl on PATH (or give --kubectl PATH): the benchmark measures against it');

let binary = opts.binary ? resolve(opts.binary) : undefined;
if (!binary) {
  console.error('the standalone binary (built first when a source is newer than it)');
  binary = ensureHostBinary().path;
}

interface Bench { label: string; cmd: string; args: string[]; env?: NodeJS.ProcessEnv; expect?: RegExp; times: number[] }
const work = mkdtempSync(join(tmpdir(), 'bench-startup-'));

/** A PATH directory holding the plugin (a link to `target`) and the completion helper, as krew + the README set them up. */
function pluginPath(name: string, target: string): NodeJS.ProcessEnv {
  const dir = join(work, name);
  spawnSync('mkdir', ['-p', dir]);
  symlinkSync(target, join(dir, BINARY));
  writeFileSync(join(dir, HELPER), helperSh());
  chmodSync(join(dir, HELPER), 0o755);
  // HOME: a kubectl of the user's own (its cache, its kuberc) stays out of it.
  return { ...process.env, PATH: `${dir}${delimiter}${process.env.PATH ?? ''}`, HOME: work };
}

const bench = (label: string, cmd: string, args: string[], more: Partial<Bench> = {}): Bench => ({ label, cmd, args, times: [], ...more });
const pluginBenches = (name: string, path: string): Bench[] => {
  const env = pluginPath(name, path);
  const who = name === 'binary' ? BINARY : `${BINARY} (${name})`;
  return [
    bench(`${who} --help`, path, ['--help'], { expect: /^Usage: kubectl calico-migrate VERB/m }),
    bench(`${who} migrate --help`, path, ['migrate', '--help'], { expect: /^Usage: kubectl calico-migrate migrate/m }),
    bench(`${who} version --client`, path, ['version', '--client'], { expect: /^Client Version: / }),
    bench(`${who} completion ${COMPLETE_ENTRY} -- '' (one TAB)`, path, ['completion', COMPLETE_ENTRY, '--', ''], { expect: /^check\t/ }),
    bench(`kubectl __complete calico-migrate '' (one TAB through kubectl${name === 'binary' ? '' : `, ${name}`})`, kubectl, ['__complete', 'calico-migrate', ''], { env, expect: /^check\t[^]*\n:4\n$/ }),
  ];
};

const benches: Bench[] = [
  bench('kubectl version --client', kubectl, ['version', '--client'], { expect: /^Client Version: / }),
  bench(`node -e 0 (pinned Node ${process.version})`, process.execPath, ['-e', '0']),
  // kubectl's own TAB, for scale: what the TAB through kubectl costs before it starts the plugin.
  bench("kubectl __complete '' (kubectl's own TAB)", kubectl, ['__complete', ''], { env: { ...process.env, HOME: work }, expect: /^annotate\t/m }),
  ...pluginBenches('binary', binary),
  ...(opts.compare ? pluginBenches('compare', resolve(opts.compare)) : []),
  ...(opts.shim ? pluginBenches('shim', join(ROOT, 'bin', BINARY)) : []),
  // For scale: the same bundle on plain Node, without the SEA's code cache.
  ...(existsSync(join(DIST, 'bundle.cjs')) && !opts.binary ? [bench('node dist/bundle.cjs --help (no code cache)', process.execPath, [join(DIST, 'bundle.cjs'), '--help'])] : []),
];

function once(b: Bench, check = false): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(b.cmd, b.args, { stdio: ['ignore', check ? 'pipe' : 'ignore', check ? 'pipe' : 'ignore'], env: b.env ?? process.env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${b.label} exited ${r.status}${check ? `: ${r.stderr}` : ''}`);
  if (check && b.expect && !b.expect.test(r.stdout)) throw new Error(`${b.label} printed something else:\n${r.stdout.slice(0, 400)}${r.stderr}`);
  return ms;
}

try {
  // The first round checks what each command prints (a benchmark of an error message measures nothing).
  for (let i = 0; i < warmups; i++) for (const b of benches) once(b, i === 0);
  for (let i = 0; i < runs; i++) for (const b of benches) b.times.push(once(b));
} finally {
  rmSync(work, { recursive: true, force: true });
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))] as number;
};
const median = (b: Bench): number => quantile(b.times, 0.5);
const [kube, floor] = benches as [Bench, Bench];

console.log(`Start-up, medians of ${runs} interleaved runs after ${warmups} warm-up rounds, ms (${process.platform}/${process.arch}, ${cpus().length} CPUs${process.env.NODE_EXTRA_CA_CERTS ? ', NODE_EXTRA_CA_CERTS set' : ''}):`);
console.log(`binary: ${binary}${opts.compare ? `\ncompare: ${resolve(opts.compare)}` : ''}\nkubectl: ${kubectl}\n`);
console.log('| command | median | min | p90 | × kubectl version --client | × node -e 0 |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const b of benches) {
  const m = median(b);
  console.log(`| \`${b.label}\` | ${m.toFixed(0)} | ${Math.min(...b.times).toFixed(0)} | ${quantile(b.times, 0.9).toFixed(0)} | ${(m / median(kube)).toFixed(2)} | ${(m / median(floor)).toFixed(2)} |`);
}
