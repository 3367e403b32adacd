// The install a user does: the linux/amd64 release archive installed krew-style into a temporary KREW_ROOT, its bin
// directory on PATH, then `kubectl calico-migrate …` through real kubectl against the simulated cluster.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, lstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { load } from 'js-yaml';
import { writeArchive, type Archive } from '../../scripts/dist/archive.js';
import { validateManifest, type Manifest } from '../../scripts/dist/krew.js';
import { renderManifest } from '../../scripts/dist/manifest.js';
import { NODE_VERSION, PLUGIN_VERSION, ROOT } from '../../scripts/dist/project.js';
import { readTar } from '../../scripts/dist/tar.js';
import { startCluster, type Cluster } from '../cluster/index.js';
import { OUTPUT_FORMATS } from '../../src/report/render.js';
import { hostBinary } from './support/host-binary.js';
import { krewInstall, type Installed } from './support/krew-install.js';
import { run } from './support/run.js';

const KUBECTL = '/usr/bin/kubectl';

let work: string;
let archive: Archive;
let manifest: Manifest;
let krewRoot: string;
let installed: Installed;
let cluster: Cluster;

test.before(async () => {
  const { target, path } = hostBinary();
  work = mkdtempSync(join(tmpdir(), 'krew-install-test-'));
  archive = await writeArchive(target, path, work);
  const text = renderManifest(readFileSync(join(ROOT, 'plugin.yaml'), 'utf8'), {
    version: PLUGIN_VERSION,
    baseUrl: 'https://example.invalid/releases',
    served: new Map([['linux/amd64', { archive: archive.file, sha256: archive.sha256 }]]),
    partial: true,
  });
  const result = validateManifest(text, 'calico-migrate.yaml');
  assert.equal(result.errors, []);
  manifest = result.manifest as Manifest;
  krewRoot = join(work, 'krew');
  cluster = await startCluster({ scenario: 'calico-v2.4' });
});

test.after(async () => {
  await cluster?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** kubectl with only the krew bin directory added to PATH, and a private HOME (kubectl writes caches there). */
const kubectl = (args: string[], env: Record<string, string> = {}) => run(KUBECTL, args, {
  env: { PATH: `${join(krewRoot, 'bin')}${delimiter}${process.env.PATH ?? ''}`, HOME: work, KUBECONFIG: cluster.kubeconfigPath, ...env },
});

test('the archive holds the binary, LICENSE and the completion helper, as regular files', () => {
  const entries = readTar(readFileSync(archive.path));
  assert.equal(entries.map((e) => [e.name, e.type, e.mode.toString(8)]), [
    ['LICENSE', '0', '644'],
    ['kubectl-calico_migrate', '0', '755'],
    ['kubectl_complete-calico_migrate', '0', '755'],
  ]);
  assert.equal(entries[0]?.data, readFileSync(join(ROOT, 'LICENSE')));
  assert.match(entries[2]?.data.toString() ?? '', /^#!\/bin\/sh\n[\s\S]*exec kubectl-calico_migrate completion __complete -- "\$@"\n$/);
});

test('krew-style install: sha256 checked, LICENSE installed, kubectl-calico_migrate linked into KREW_ROOT/bin', () => {
  installed = krewInstall(manifest, 'linux', 'amd64', archive.path, krewRoot);
  assert.equal(installed.files.sort(), ['LICENSE', 'kubectl-calico_migrate', 'kubectl_complete-calico_migrate']);
  assert.is(installed.installDir, join(krewRoot, 'store', 'calico-migrate', PLUGIN_VERSION));
  assert.is(installed.link, join(krewRoot, 'bin', 'kubectl-calico_migrate'));
  assert.ok(lstatSync(installed.link).isSymbolicLink());
});

test('a tampered archive is refused, as krew refuses a sha256 mismatch', () => {
  const tampered = join(work, 'tampered.tar.gz');
  const bytes = readFileSync(archive.path);
  bytes[bytes.length - 100] = (bytes[bytes.length - 100] as number) ^ 0xff;
  writeFileSync(tampered, bytes);
  assert.throws(() => krewInstall(manifest, 'linux', 'amd64', tampered, join(work, 'krew-tampered')), /checksum does not match/);
});

test('kubectl plugin list finds the installed plugin', async () => {
  const r = await kubectl(['plugin', 'list']);
  assert.is(r.code, 0, r.stderr);
  assert.ok(r.stdout.includes(installed.link), r.stdout);
});

test('kubectl calico-migrate --help prints the plugin usage', async () => {
  const r = await kubectl(['calico-migrate', '--help']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, 'Usage: kubectl calico-migrate VERB [flags]');
});

test('kubectl calico-migrate version: the client version, and the server version from the simulated cluster', async () => {
  const oracle = await run(KUBECTL, ['version', '-o', 'json', '--kubeconfig', cluster.kubeconfigPath, '--cache-dir', join(work, 'cache')], { env: { HOME: work } });
  const serverVersion = JSON.parse(oracle.stdout).serverVersion as { gitVersion: string };
  assert.match(serverVersion.gitVersion, /^v1\.7\./);

  const json = await kubectl(['calico-migrate', 'version', '-o', 'json']);
  assert.is(json.code, 0, json.stderr);
  const data = JSON.parse(json.stdout);
  assert.equal(data.clientVersion, { version: PLUGIN_VERSION, nodeVersion: `v${NODE_VERSION}`, platform: 'linux/x64' });
  assert.is(data.serverVersion.gitVersion, serverVersion.gitVersion);
  assert.is(data.server, cluster.url);

  // The kubectl way to pick a kubeconfig for a plugin: the flag after the plugin name (before it, kubectl refuses).
  const table = await kubectl(['calico-migrate', 'version', '--kubeconfig', cluster.kubeconfigPath], { KUBECONFIG: '/nonexistent' });
  assert.is(table.code, 0, table.stderr);
  assert.match(table.stdout, `Client Version: ${PLUGIN_VERSION}\nServer Version: ${serverVersion.gitVersion}\n`);
});

test('kubectl calico-migrate check runs the plugin against the cluster: a v2.4 cluster needs the migration, exit 0', async () => {
  const r = await kubectl(['calico-migrate', 'check']);
  assert.is(r.code, 0, `exit ${r.code}: ${r.stderr}`);
  assert.match(r.stdout, /Verdict: the migration is needed and can run/);
  assert.not.match(r.stderr, /unknown command|is not a plugin|flags cannot be placed/);
});

test('kubectl completes `kubectl calico-migrate …` through the shipped kubectl_complete-calico_migrate helper', async () => {
  // The caveats' instruction: copy the helper from the install directory next to the plugin.
  copyFileSync(join(installed.installDir, 'kubectl_complete-calico_migrate'), join(krewRoot, 'bin', 'kubectl_complete-calico_migrate'));
  const lines = async (...words: string[]): Promise<string[]> => {
    const r = await kubectl(['__complete', 'calico-migrate', ...words]);
    assert.is(r.code, 0, r.stderr);
    return r.stdout.trim().split('\n').map((l) => l.split('\t')[0] as string);
  };
  assert.equal(await lines('ver'), ['verify', 'version', ':4']);
  assert.equal(await lines('version', '-o', ''), [...OUTPUT_FORMATS, ':4']);
  const contexts = (load(readFileSync(cluster.kubeconfigPath, 'utf8')) as { contexts: Array<{ name: string }> }).contexts.map((c) => c.name);
  assert.ok(contexts.length > 0);
  assert.equal(await lines('migrate', '--context', ''), [...contexts, ':4']);
});

test.run();
