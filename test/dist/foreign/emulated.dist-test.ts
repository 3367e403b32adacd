// npm run test:dist: the foreign binaries run where this machine can run them: linux/arm64 under qemu-user, and
// windows/amd64 under wine64 (stdout/stderr must be files there: wine + Node fail on pipes).
// Each answers --version, version --client, the completion protocol, and version against the simulated cluster over
// TLS. The darwin binaries and windows/arm64 cannot run here (wine64 runs x86-64 code only); release.dist-test.ts
// checks their format, and darwin/arm64's ad-hoc signature page by page.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, NODE_VERSION, PLUGIN_VERSION } from '../../../scripts/dist/project.js';
import { readTar } from '../../../scripts/dist/tar.js';
import { readZip } from '../../../scripts/dist/zip.js';
import { startCluster, type Cluster } from '../../cluster/index.js';
import { OUTPUT_FORMATS } from '../../../src/report/render.js';
import { run, type RunResult } from '../support/run.js';

const work = mkdtempSync(join(tmpdir(), 'emulated-test-'));
let cluster: Cluster;

function unpack(archive: string, into: string): void {
  mkdirSync(into, { recursive: true });
  const data = readFileSync(join(DIST, archive));
  for (const e of archive.endsWith('.zip') ? readZip(data) : readTar(data)) writeFileSync(join(into, e.name), e.data, { mode: e.mode });
}

const arm64Dir = join(work, 'arm64');
const winDir = join(work, 'win');
const winePrefix = join(work, 'wineprefix');
const WINE = '/usr/lib/wine/wine64';

const qemu = (args: string[]): Promise<RunResult> =>
  run('qemu-aarch64', [join(arm64Dir, 'kubectl-calico_migrate'), ...args], { env: { QEMU_LD_PREFIX: '/usr/aarch64-linux-gnu', HOME: work }, timeoutMs: 60_000 });

/** wine64 with stdin/stdout/stderr on files; env WINEPATH puts a directory on the Windows PATH. */
function wine(args: string[], env: Record<string, string> = {}, cwd = winDir): Promise<RunResult> {
  const out = join(work, 'wine.out');
  const err = join(work, 'wine.err');
  const fds = [openSync('/dev/null', 'r'), openSync(out, 'w'), openSync(err, 'w')];
  return new Promise((resolve) => {
    const child = spawn(WINE, args, { cwd, stdio: fds, env: { ...process.env, WINEPREFIX: winePrefix, WINEDEBUG: '-all', HOME: work, ...env } });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      fds.forEach((fd) => closeSync(fd));
      resolve({ code, stdout: readFileSync(out, 'utf8'), stderr: readFileSync(err, 'utf8') });
    });
  });
}
const winExe = (args: string[]): Promise<RunResult> => wine([join(winDir, 'kubectl-calico_migrate.exe'), ...args]);

test.before(async () => {
  unpack('kubectl-calico_migrate-linux-arm64.tar.gz', arm64Dir);
  unpack('kubectl-calico_migrate-windows-amd64.zip', winDir);
  // Node refuses Windows versions before 8.1, and a new wine prefix says Windows 7.
  const cfg = await wine(['winecfg', '/v', 'win10']);
  assert.is(cfg.code, 0, cfg.stderr);
  cluster = await startCluster({ scenario: 'calico-v2.4' });
});

test.after(async () => {
  await cluster?.stop();
  rmSync(work, { recursive: true, force: true });
});

const expectClient = (r: RunResult, platform: string): void => {
  assert.is(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).clientVersion, { version: PLUGIN_VERSION, nodeVersion: `v${NODE_VERSION}`, platform });
  assert.not.match(r.stderr, /Code cache data rejected|Warning/);
};

test('linux/arm64 under qemu: --version, version --client, completion, and the cluster\'s version over TLS', async () => {
  const version = await qemu(['--version']);
  assert.is(version.stdout.trim(), PLUGIN_VERSION, version.stderr);
  expectClient(await qemu(['version', '--client', '-o', 'json']), 'linux/arm64');
  const completion = await qemu(['completion', '__complete', '--', 'version', '-o', '']);
  assert.is(completion.stdout, `${OUTPUT_FORMATS.join('\n')}\n:4\n`);
  const server = await qemu(['version', '-o', 'json', '--kubeconfig', cluster.kubeconfigPath]);
  assert.is(server.code, 0, server.stderr);
  assert.match(JSON.parse(server.stdout).serverVersion.gitVersion, /^v1\.7\./);
});

test('windows/amd64 under wine: --version, version --client, completion, and the cluster\'s version over TLS', async () => {
  const version = await winExe(['--version']);
  assert.is(version.stdout.trim(), PLUGIN_VERSION, version.stderr);
  expectClient(await winExe(['version', '--client', '-o', 'json']), 'win32/x64');
  const help = await winExe(['--help']);
  assert.match(help.stdout, 'Usage: kubectl calico-migrate VERB [flags]');
  const server = await winExe(['version', '-o', 'json', '--kubeconfig', cluster.kubeconfigPath]);
  assert.is(server.code, 0, server.stderr);
  assert.match(JSON.parse(server.stdout).serverVersion.gitVersion, /^v1\.7\./);
});

test('windows/amd64 under wine: the .cmd completion helper, found on PATH as kubectl finds it, passes words through', async () => {
  // From another directory, so the helper and the .exe are found through PATH, not the working directory.
  const elsewhere = join(work, 'elsewhere');
  mkdirSync(elsewhere, { recursive: true });
  const winPath = `Z:${winDir.replaceAll('/', '\\')}`;
  const r = await wine(['cmd', '/c', 'kubectl_complete-calico_migrate', 'version', '-o', ''], { WINEPATH: winPath }, elsewhere);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout.replaceAll('\r\n', '\n'), `${OUTPUT_FORMATS.join('\n')}\n:4\n`);
  const verbs = await wine(['cmd', '/c', 'kubectl_complete-calico_migrate', 'ver'], { WINEPATH: winPath }, elsewhere);
  assert.match(verbs.stdout, /^verify\t.*\nversion\t.*\n:4/m);
});

test.run();
