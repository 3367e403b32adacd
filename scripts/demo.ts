// `npm run demo`: start the simulated Kubernetes 1.7 cluster running Calico v2.4 (in-process, 127.0.0.1 only) and walk
// the migration with the real CLI, printing every command and its real output.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCluster } from '../test/cluster/index.js';
import { main } from '../src/main.js';
import { processIo } from '../src/cli/io.js';

const scenario = (process.argv[2] as 'calico-v2.4' | undefined) ?? 'calico-v2.4';
const cluster = await startCluster({ scenario });
const work = await mkdtemp(path.join(tmpdir(), 'calico-migrate-demo-'));
const backupDir = path.join(work, 'calico-backup');
const io = { ...processIo(), env: { ...process.env, KUBECONFIG: cluster.kubeconfigPath } };

const say = (text: string): void => { process.stdout.write(`\n\x1b[1m${text}\x1b[0m\n`); };
async function step(title: string, argv: string[], expected: number[] = [0]): Promise<number> {
  say(`# ${title}`);
  process.stdout.write(`$ kubectl calico-migrate ${argv.join(' ')}\n`);
  const code = await main(argv, io);
  process.stdout.write(`(exit ${code})\n`);
  if (!expected.includes(code)) throw new Error(`"${argv.join(' ')}" exited ${code}, expected ${expected.join(' or ')}`);
  return code;
}

let failed = false;
try {
  say(`A simulated Kubernetes 1.7 cluster with Calico v2.4 (scenario ${scenario}) is listening on ${cluster.url}.`);
  process.stdout.write(`KUBECONFIG=${cluster.kubeconfigPath}\n`);
  await step('Which cluster is this?', ['version']);
  await step('1. Back up everything Calico keeps in ThirdPartyResources', ['backup', '-d', backupDir]);
  await step('2. See what the migration would do (computed client-side, nothing is written)', ['migrate', '--dry-run']);
  await step('3. Copy the data to CustomResourceDefinitions', ['migrate']);
  await step('4. Run it again: nothing left to do, no write is sent', ['migrate']);
  await step('5. Verify the CRDs against the live TPRs, as Calico v2.5 reads them', ['verify']);
  await step('6. Verify against the backup too (what is used once the TPRs are gone)', ['verify', '--backup', backupDir]);
  const writes = cluster.writes().filter((w) => !w.review);
  say(`Done: ${writes.length} write requests reached the cluster in all; TPR data was never modified.`);
} catch (err) {
  failed = true;
  process.stderr.write(`demo failed: ${(err as Error).message}\n`);
} finally {
  await cluster.stop();
  await rm(work, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
