// Where things are, and the two versions everything is pinned to: the plugin's (package.json "version") and Node's
// (package.json devDependencies "node": the runtime of the build and of every binary).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = join(ROOT, 'dist');
/** Foreign Node binaries from `npm pack`, kept between runs (git-ignored). */
export const NODE_CACHE = join(ROOT, '.tools', 'node-dist');

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string; devDependencies: Record<string, string>;
};

export const PLUGIN_VERSION = `v${pkg.version}`;
export const NODE_VERSION = pkg.devDependencies.node as string;

/** The SEA blob must come from exactly the Node version it is injected into (Node's single-executable-application docs: a blob is tied to its Node version). */
export function assertPinnedNode(): void {
  if (process.version !== `v${NODE_VERSION}`) {
    throw new Error(`this runs on Node ${process.version}, but binaries embed Node v${NODE_VERSION}: run it through npm run (node_modules/.bin/node)`);
  }
}

export const BINARY = 'kubectl-calico_migrate';
export const PLUGIN_NAME = 'calico-migrate';
