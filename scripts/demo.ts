// `npm run demo`: start the simulated Kubernetes 1.7 cluster running Calico v2.4 (in-process, 127.0.0.1 only) and walk
// the whole procedure with the real CLI, printing every command and its real output:
// check → run -y → (upgrade calico/node to v2.5.1, as the operator would) → check → cleanup -y → verify --backup.
// The upgrade is the two kubectl commands `run` prints (set image, rollout status), run with the kubectl on PATH against
// the simulated cluster, whose DaemonSet controller replaces the pods; without kubectl, the upgrade is simulated.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCluster } from '../test/cluster/index.js';
import { main } from '../src/main.js';
import { processIo } from '../src/io.js';
import { findKubectls } from '../test/support/kubectl.js';

const scenario = (process.argv[2] as 'calico-v2.4' | 'canal-v2.4' | undefined) ?? 'calico-v2.4';
// Each new calico-node pod takes 300 ms to become Ready, so `kubectl rollout status` has a rollout to follow.
const cluster = await startCluster({ scenario, podReadyDelayMs: 300 });
const work = await mkdtemp(path.join(tmpdir(), 'calico-migrate-demo-'));
const backupDir = path.join(work, 'calico-backup');
const io = processIo({ env: { ...process.env, KUBECONFIG: cluster.kubeconfigPath } });

const bold = (text: string): string => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
const say = (text: string): void => { process.stdout.write(`\n${bold(text)}\n`); };
/** Runs the plugin's verb, printing its output as it comes; returns its stdout (for the commands it prints). */
async function step(title: string, argv: string[], expected: number[] = [0]): Promise<string> {
  say(`# ${title}`);
  process.stdout.write(`$ kubectl calico-migrate ${argv.join(' ')}\n`);
  let printed = '';
  const stdout = { write: (text: string) => { printed += text; return process.stdout.write(text); }, isTTY: process.stdout.isTTY };
  const code = await main(argv, { ...io, stdout });
  process.stdout.write(`(exit ${code})\n`);
  if (!expected.includes(code)) throw new Error(`"${argv.join(' ')}" exited ${code}, expected ${expected.join(' or ')}`);
  return printed;
}

/** A command as the plugin printed it, run with real kubectl (asynchronously: the cluster answers from this process). */
function kubectl(bin: string, command: string): Promise<void> {
  process.stdout.write(`$ ${command}\n`);
  const [, ...args] = command.split(/\s+/);
  const env = { ...process.env, KUBECONFIG: cluster.kubeconfigPath, KUBECACHEDIR: path.join(work, 'kube-cache') };
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`"${command}" exited ${code}`))));
  });
}

/** The upgrade commands in run's Next: lines. */
function upgradeCommands(runOutput: string): { setImage: string; rolloutStatus: string } {
  const setImage = runOutput.match(/kubectl -n kube-system set image daemonset\/\S+ calico-node=\S+/)?.[0];
  const rolloutStatus = runOutput.match(/kubectl -n kube-system rollout status daemonset\/\S+/)?.[0];
  if (!setImage || !rolloutStatus) throw new Error('run did not print the calico/node upgrade commands');
  return { setImage, rolloutStatus };
}

let failed = false;
try {
  say(`A simulated Kubernetes 1.7 cluster with Calico v2.4 (scenario ${scenario}) is listening on ${cluster.url}.`);
  process.stdout.write(`export KUBECONFIG=${cluster.kubeconfigPath}\n`);
  await step('1. Do I need this migration, and can I run it?', ['check']);
  const runOutput = await step('2. The guided procedure: check, backup, migrate, verify, rbac', ['run', '-y', '-d', backupDir]);
  const { setImage, rolloutStatus } = upgradeCommands(runOutput);
  const realKubectl = findKubectls().find((k) => k.label === 'default');
  if (realKubectl) {
    say('# 3. The operator upgrades calico/node with the commands run printed (real kubectl, against the simulated cluster)');
    await kubectl(realKubectl.path, setImage);
    await kubectl(realKubectl.path, `${rolloutStatus} --timeout=2m`);
  } else {
    say(`# 3. The operator upgrades calico/node: ${setImage}`);
    const ds = cluster.state.list({ group: 'extensions', version: 'v1beta1', resource: 'daemonsets' }, 'kube-system')[0]!;
    cluster.state.setDaemonSetImage('kube-system', ds.metadata.name, 'calico-node', 'quay.io/calico/node:v2.5.1');
    process.stdout.write('(no kubectl on PATH, so the upgrade is simulated: the DaemonSet template and every calico-node pod now run v2.5.1)\n');
  }
  await step('4. Where are we now?', ['check'], [0]);
  await step('5. Delete the TPRs, behind every guard', ['cleanup', '--backup', backupDir, '-y']);
  await step('6. The backup still verifies against the CRDs, now that the TPRs are gone', ['verify', '--backup', backupDir]);
  const writes = cluster.writes().filter((w) => !w.review);
  const crs = ['globalfelixconfigs', 'globalbgpconfigs', 'ippools', 'bgppeers', 'globalnetworkpolicies']
    .map((r) => `${cluster.state.list({ group: 'crd.projectcalico.org', version: 'v1', resource: r }).length} ${r}`);
  say(`Done. Migrated to CRDs: ${crs.join(', ')}. ${writes.length} write requests in all. (The demo's cluster and backup are temporary and removed now.)`);
} catch (err) {
  failed = true;
  process.stderr.write(`demo failed: ${(err as Error).message}\n`);
} finally {
  await cluster.stop();
  await rm(work, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
