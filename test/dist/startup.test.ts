// What keeps the binary quick to start (npm run bench:startup measures it): the Kubernetes client is in the bundle
// but loaded only by the verbs that talk to a cluster, yargs' Unicode tables for laying out help are never built (help
// is laid out by src/cli/help.ts), the hot paths load none of the built-in modules they do not use, and the code
// caches are accepted at run time.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST } from '../../scripts/dist/project.js';
import { hostBinary } from './support/host-binary.js';
import { run } from './support/run.js';

interface Metafile { inputs: Record<string, { imports: Array<{ path: string; kind: string; external?: boolean }> }> }

/** Every input reachable from the entry without crossing a dynamic import(): what runs before main() starts. */
function loadedAtStartup(meta: Metafile, entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const i of meta.inputs[file]?.imports ?? []) if (i.kind !== 'dynamic-import' && !i.external) queue.push(i.path);
  }
  return seen;
}

test('the Kubernetes client is bundled, and reached only through import() in the verbs that need it; yargs too', () => {
  hostBinary();   // builds dist/bundle-meta.json with the binary
  const meta = JSON.parse(readFileSync(join(DIST, 'bundle-meta.json'), 'utf8')) as Metafile;
  const client = (f: string): boolean => f.includes('node_modules/@kubernetes/client-node/');
  assert.ok(Object.keys(meta.inputs).some(client), 'the client is in the bundle');
  const startup = [...loadedAtStartup(meta, 'sea-entry.ts')];
  assert.ok(startup.includes('src/main.ts'));
  assert.equal(startup.filter(client), []);
  assert.equal(startup.filter((f) => f.startsWith('src/completion/')), [], 'completion is loaded only when completing');
  // Help, the version and a TAB are parsed by src/cli/fast-path.ts; yargs is loaded for any other command line.
  assert.equal(startup.filter((f) => /node_modules\/(yargs|yargs-parser|cliui|y18n)\//.test(f)), [], 'yargs is loaded only when parsing other argv');
});

// Counts what the bundle builds of the two costly Unicode tables (~25 ms of every start together).
const UNICODE_COUNTER = `
const counts = { segmenters: 0, emojiRegExps: 0 };
const RealSegmenter = Intl.Segmenter;
Intl.Segmenter = class extends RealSegmenter { constructor(...a) { super(...a); counts.segmenters++; } };
globalThis.RegExp = new Proxy(RegExp, { construct(target, args) { if (String(args[0]).includes('RGI_Emoji')) counts.emojiRegExps++; return Reflect.construct(target, args); } });
process.on('exit', () => process.stderr.write('unicode-tables ' + JSON.stringify(counts) + '\\n'));
`;

test('the Intl.Segmenter and emoji RegExp of yargs\' help layout are built neither at a start nor for help', async () => {
  hostBinary(); // builds dist/bundle.cjs with the binary
  const counter = join(tmpdir(), `unicode-counter-${process.pid}.cjs`);
  writeFileSync(counter, UNICODE_COUNTER);
  const node = join(process.cwd(), 'node_modules', '.bin', 'node');
  const tables = async (args: string[]) => {
    const r = await run(node, ['--require', counter, join(DIST, 'bundle.cjs'), ...args]);
    assert.is(r.code, 0, r.stderr);
    return { stdout: r.stdout, counts: JSON.parse(/unicode-tables (.*)/.exec(r.stderr)![1]!) };
  };
  assert.equal((await tables(['version', '--client'])).counts, { segmenters: 0, emojiRegExps: 0 });
  for (const argv of [['migrate', '--help'], ['--help'], ['options']]) {
    const help = await tables(argv);
    assert.equal(help.counts, { segmenters: 0, emojiRegExps: 0 }, argv.join(' '));
  }
});

// NODE_DEBUG_NATIVE=CODE_CACHE makes Node name every built-in module it compiles, in order.
function builtinsLoaded(args: string[]): string[] {
  // stdin from /dev/null: opening it would load the file-stream modules (internal/fs/streams, and with them
  // fs/promises and readline).
  const r = spawnSync(hostBinary().path, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', env: { ...process.env, NODE_DEBUG_NATIVE: 'CODE_CACHE' } });
  assert.is(r.status, 0, r.stderr);
  return [...r.stderr.matchAll(/^Compiling (\S+) with code cache/gm)].map((m) => m[1] as string);
}

test('help, version and a TAB load neither node:assert (yargs\' checks load it on failure only) nor a stdin stream', () => {
  for (const args of [['--help'], ['migrate', '--help'], ['version', '--client'], ['completion', '__complete', '--', '']]) {
    const loaded = builtinsLoaded(args);
    assert.ok(loaded.includes('internal/main/embedding'), loaded.join(' '));
    assert.equal(loaded.filter((m) => /^(assert|internal\/assert\/.*|internal\/fs\/streams|internal\/readline\/.*)$/.test(m)), [], args.join(' '));
  }
});

test('the host binary runs with its code cache accepted (V8 warns when it rejects one), and Node\'s own as well', async () => {
  const r = await run(hostBinary().path, ['version', '--client']);
  assert.is(r.code, 0);
  assert.is(r.stderr, '');
  // Node's built-in modules carry a code cache too, which V8 rejects when the binary runs with a V8 flag that changes
  // the flag hash (such as --hash-seed): their code is then compiled at every start.
  const debug = await run(hostBinary().path, ['version', '--client'], { env: { NODE_DEBUG_NATIVE: 'CODE_CACHE' } });
  assert.is(debug.code, 0);
  assert.match(debug.stderr, /Code cache of \S+ \(\w+\) is accepted/);
  assert.not.match(debug.stderr, /is rejected/);
});

test.run();
