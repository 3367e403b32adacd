// esbuild: the TypeScript sources → one CommonJS file, dist/bundle.cjs, the script a Node SEA runs (Node 22's SEA
// takes a CommonJS main only). `node scripts/bundle.mjs [--metafile]` (what build.ts and dist.ts run); the bench imports
// bundle().
import { build } from 'esbuild';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE = join(ROOT, 'dist', 'bundle.cjs');

// src/cli.ts uses top-level await, which CommonJS output cannot hold; this entry starts the same process without it
// (signal handling included: a Ctrl-C stops the binary as cleanly as the development shim).
const CLI_ENTRY = `
import { runProcess } from './src/process-entry.ts';
void runProcess();
`;

// Optional packages probed with try { require(x) }: inside a SEA, require() loads built-ins only, so resolve them to
// a stub that fails the way a missing package does.
const OPTIONAL = ['supports-color', 'bufferutil', 'utf-8-validate'];
const optionalAsMissing = {
  name: 'optional-as-missing',
  setup(b) {
    const filter = new RegExp(`^(${OPTIONAL.join('|')})$`);
    b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'missing' }));
    b.onLoad({ filter: /.*/, namespace: 'missing' }, (args) => ({
      contents: `const e = new Error("Cannot find module '${args.path}'"); e.code = 'MODULE_NOT_FOUND'; throw e;`,
      loader: 'js',
    }));
  },
};

// yargs measures its help text with string-width, whose module scope builds an Intl.Segmenter (loading ICU's
// break-iterator data) and a RegExp of every RGI emoji: ~25 ms of every start, help shown or not. They are built on
// first use instead. A constant used other than by its one method fails the build rather than being rewritten wrongly.
const LAZY_CONSTANTS = [
  { name: 'segmenter', value: 'new Intl.Segmenter()', method: 'segment' },
  { name: 'rgiEmojiRegex', value: '/^\\p{RGI_Emoji}$/v', method: 'test' },
];
const lazyModuleConstants = {
  name: 'lazy-module-constants',
  setup(b) {
    b.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, (args) => {
      let text = readFileSync(args.path, 'utf8');
      const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''); // for counting uses: comments dropped
      for (const { name, value, method } of LAZY_CONSTANTS) {
        const declaration = `const ${name} = ${value};`;
        if (!text.includes(declaration)) continue;
        const uses = code.match(new RegExp(`\\b${name}\\b`, 'g')).length;
        const calls = code.split(`${name}.${method}(`).length - 1;
        if (uses !== calls + 1) throw new Error(`${args.path}: ${name} is used other than as ${name}.${method}(…); update lazyModuleConstants`);
        text = text.replace(declaration, `const ${name} = { ${method}: (input) => (${name}.built ??= ${value}).${method}(input) };`);
      }
      return { contents: text, loader: 'js' };
    });
  },
};

// Two things yargs does at every start that this CLI never needs, removed from its sources as they are bundled (a
// patch whose text is not found fails the build):
// - its Node shim imports node:assert for a few invariant checks; loading assert (its AssertionError brings in colour
//   support, which creates the stderr stream and with it net and stream) is the largest single module load of a
//   start. The checks stay, and load assert only when one fails, so a failure reads as before.
// - yargs() guesses a default --version from a package.json, reading every directory from the working directory up
//   to / to find one (and failing one of those checks when there is none). The parser always gives its own
//   .version(…), which replaces that guess, so it is not made.
const YARGS_PATCHES = [
  {
    file: /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/,
    from: "import { notStrictEqual, strictEqual } from 'assert'",
    to: [
      "const notStrictEqual = (actual, expected, message) => { if (Object.is(actual, expected)) process.getBuiltinModule('node:assert').notStrictEqual(actual, expected, message); };",
      "const strictEqual = (actual, expected, message) => { if (!Object.is(actual, expected)) process.getBuiltinModule('node:assert').strictEqual(actual, expected, message); };",
    ].join('\n'),
  },
  {
    file: /[\\/]yargs[\\/]build[\\/]lib[\\/]yargs-factory\.js$/,
    from: '        yargs.help();\n        yargs.version();\n',
    to: '        yargs.help();\n',
  },
];
const yargsPatches = {
  name: 'yargs-patches',
  setup(b) {
    for (const { file, from, to } of YARGS_PATCHES) {
      b.onLoad({ filter: file }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes(from)) throw new Error(`${args.path} no longer holds ${JSON.stringify(from)}; update YARGS_PATCHES`);
        return { contents: text.replace(from, to), loader: 'js' };
      });
    }
  },
};

/**
 * `outfile`: dist/bundle.cjs for a release; the benchmark bundles the same way into its own directory, its yardstick
 * script too (`entry`: the source of the entry module, resolved from the project root).
 */
export async function bundle({ metafile = false, outfile = BUNDLE, entry = CLI_ENTRY } = {}) {
  mkdirSync(dirname(outfile), { recursive: true });
  const result = await build({
    stdin: { contents: entry, resolveDir: ROOT, sourcefile: 'sea-entry.ts', loader: 'ts' },
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    outfile,
    // yargs reads import.meta.url at load time; in CommonJS output import.meta is {}, so give it the file's own URL
    // (inside a SEA __filename is the executable's path).
    define: { 'import.meta.url': '__import_meta_url' },
    banner: { js: "const __import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
    plugins: [optionalAsMissing, lazyModuleConstants, yargsPatches],
    // Whitespace and syntax only, not identifiers (stack traces under -v stay readable): 3.7 → 2.5 MB, and about
    // 5 % faster to start. Renaming identifiers as well saved nothing more.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
    metafile,
    write: false,
  });
  // Written under a temporary name and renamed, so a build running at the same time never reads half a bundle.
  const replace = (path, contents) => {
    writeFileSync(`${path}.${process.pid}`, contents);
    renameSync(`${path}.${process.pid}`, path);
  };
  for (const file of result.outputFiles) replace(file.path, file.contents);
  if (metafile) replace(join(ROOT, 'dist', 'bundle-meta.json'), JSON.stringify(result.metafile));
  return outfile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bundle({ metafile: process.argv.includes('--metafile') });
  console.log(`bundled ${BUNDLE}`);
}
