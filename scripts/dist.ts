// npm run dist: a standalone binary per platform, each in its release archive, SHA256SUMS and the rendered krew
// manifest, all in dist/. Every binary embeds the same pinned Node; the foreign ones come from the npm registry.
//   --base-url URL    where the archives will be published (default <homepage>/releases/download/<version>)
//   --targets a,b     only these targets, e.g. linux-amd64 (development; the manifest then covers only those)
//   --out DIR         output directory (default dist/)
//   --skip-typecheck  do not run tsc first
//   --bundle FILE     use this bundle instead of bundling (to check that two builds of one bundle are identical)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeArchive, type Archive } from './dist/archive.js';
import { buildBinary } from './dist/binary.js';
import { validateManifest } from './dist/krew.js';
import { defaultBaseUrl, renderManifest, type ServedArchive } from './dist/manifest.js';
import { assertPinnedNode, DIST, NODE_VERSION, PLUGIN_NAME, PLUGIN_VERSION, ROOT } from './dist/project.js';
import { megabytes, runScript, step } from './dist/script.js';
import { makeBlob } from './dist/sea.js';
import { binaryName, hostTarget, TARGETS, type Target } from './dist/targets.js';
import { ensureTools, OSSLSIGNCODE, STRIP, STRIP_ARM64, type Tool } from './dist/tools.js';

const { values: opts } = parseArgs({
  options: {
    'base-url': { type: 'string' },
    targets: { type: 'string' },
    out: { type: 'string' },
    'skip-typecheck': { type: 'boolean', default: false },
    bundle: { type: 'string' },
  },
});

interface Built { target: Target; binarySize: number; archive: Archive }

await runScript(async () => {
  assertPinnedNode();
  const outDir = resolve(opts.out ?? DIST);
  const targets = chooseTargets(opts.targets?.split(',').map((t) => t.trim()));
  const partial = opts.targets !== undefined;
  ensureTools(toolsFor(targets));

  if (!opts['skip-typecheck']) {
    step('type-check (tsc -p .)');
    execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', '.'], { cwd: ROOT, stdio: 'inherit' });
  }
  const bundle = opts.bundle ? resolve(opts.bundle) : join(DIST, 'bundle.cjs');
  if (!opts.bundle) {
    step('bundle (esbuild → dist/bundle.cjs)');
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }

  mkdirSync(outDir, { recursive: true });
  const work = join(outDir, '.dist-work');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const blobs = {
    native: makeBlob('native', bundle, join(work, 'native.blob')),
    portable: makeBlob('portable', bundle, join(work, 'portable.blob')),
  };

  // Each archive compresses on the thread pool while the next binary is built.
  const pending: Array<Promise<Built>> = [];
  for (const target of targets) {
    step(`${target.id}: Node ${NODE_VERSION} + ${target.blob} blob`);
    const binary = await buildBinary(target, blobs[target.blob], join(work, target.id, binaryName(target)));
    if (target.id === hostTarget()?.id) {
      const said = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
      if (said !== PLUGIN_VERSION) throw new Error(`${target.id} binary says ${JSON.stringify(said)}, not ${PLUGIN_VERSION}`);
    }
    const binarySize = statSync(binary).size;
    pending.push(writeArchive(target, binary, outDir).then((archive) => {
      step(`${target.id}: ${archive.file} written`);
      return { target, binarySize, archive };
    }));
  }
  const built = await Promise.all(pending);

  const sums = built.map((b) => `${b.archive.sha256}  ${b.archive.file}\n`).sort((a, b) => (a.slice(66) < b.slice(66) ? -1 : 1));
  writeFileSync(join(outDir, 'SHA256SUMS'), sums.join(''));

  const template = readFileSync(join(ROOT, 'plugin.yaml'), 'utf8');
  const served = servedPlatforms(built, partial);
  const manifest = renderManifest(template, {
    version: PLUGIN_VERSION,
    baseUrl: opts['base-url'] ?? defaultBaseUrl(template, PLUGIN_VERSION),
    served,
    partial,
  });
  const manifestFile = `${PLUGIN_NAME}.yaml`;   // krew-index: the file name is the plugin name
  const result = validateManifest(manifest, manifestFile);
  if (result.errors.length) throw new Error(`the rendered manifest is not valid:\n  ${result.errors.join('\n  ')}`);
  writeFileSync(join(outDir, manifestFile), manifest);
  writeFileSync(join(outDir, 'plugin.yaml'), manifest);
  rmSync(work, { recursive: true, force: true });

  console.log(summary(built, served, outDir));
  if (partial) console.log(`note: --targets given: the manifest covers only ${result.covered.join(', ')}`);
});

function chooseTargets(ids: string[] | undefined): Target[] {
  if (!ids) return TARGETS;
  const unknown = ids.filter((id) => !TARGETS.some((t) => t.id === id));
  if (unknown.length) throw new Error(`unknown target ${unknown.join(', ')}; known: ${TARGETS.map((t) => t.id).join(', ')}`);
  return TARGETS.filter((t) => ids.includes(t.id));
}

function toolsFor(targets: Target[]): Tool[] {
  const tools = new Set<Tool>();
  for (const t of targets) {
    if ('strip' in t.prepare) tools.add(t.prepare.strip === STRIP_ARM64.command ? STRIP_ARM64 : STRIP);
    else if (t.prepare.unsign === 'authenticode') tools.add(OSSLSIGNCODE);
  }
  return [...tools];
}

/** os/arch → the archive krew installs there: each platform has its own. */
function servedPlatforms(built: Built[], partial: boolean): Map<string, ServedArchive> {
  const served = new Map<string, ServedArchive>();
  for (const t of TARGETS) {
    const archive = built.find((b) => b.target.id === t.id)?.archive;
    if (archive) served.set(`${t.os}/${t.arch}`, { archive: archive.file, sha256: archive.sha256 });
    else if (!partial) throw new Error(`no archive serves ${t.os}/${t.arch}`);
  }
  return served;
}

function summary(built: Built[], served: Map<string, ServedArchive>, outDir: string): string {
  const rows = built.map((b) => [b.target.id, megabytes(b.binarySize), b.archive.file, megabytes(b.archive.size), b.archive.sha256]);
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] as string).length))) ?? [];
  const lines = rows.map((r) => r.map((c, i) => c.padEnd(widths[i] as number)).join('  ').trimEnd());
  const platforms = [...served].map(([p, s]) => `${p} → ${s.archive}`).join('\n  ');
  return `\n${lines.join('\n')}\n\nkrew platforms (${join(outDir, `${PLUGIN_NAME}.yaml`)}, also plugin.yaml):\n  ${platforms}\nchecksums: ${join(outDir, 'SHA256SUMS')}`;
}
