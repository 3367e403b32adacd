// What keeps the binary quick to start (npm run bench:startup measures it): the Kubernetes client is in the bundle
// but loaded only by the verbs that talk to a cluster, and the code cache is accepted at run time.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
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

test('the Kubernetes client is bundled, and reached only through import() in the verbs that need it', () => {
  hostBinary();   // builds dist/bundle-meta.json with the binary
  const meta = JSON.parse(readFileSync(join(DIST, 'bundle-meta.json'), 'utf8')) as Metafile;
  const client = (f: string): boolean => f.includes('node_modules/@kubernetes/client-node/');
  assert.ok(Object.keys(meta.inputs).some(client), 'the client is in the bundle');
  const startup = [...loadedAtStartup(meta, 'sea-entry.ts')];
  assert.ok(startup.includes('src/main.ts'));
  assert.equal(startup.filter(client), []);
  assert.equal(startup.filter((f) => f.startsWith('src/completion/')), [], 'completion is loaded only when completing');
});

test('the host binary runs with its code cache accepted (V8 warns when it rejects one)', async () => {
  const r = await run(hostBinary().path, ['version', '--client']);
  assert.is(r.code, 0);
  assert.is(r.stderr, '');
  const blob = readFileSync(hostBinary().path);
  assert.ok(blob.includes('--hash-seed=1'), 'the SEA carries the hash seed its code cache was made with');
});

test.run();
