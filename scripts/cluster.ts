// `npm run cluster -- [--scenario NAME] [--port N] [--kubeconfig FILE] …`: the fake 1.7 API server in the foreground.
import { copyFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateScenario, startCluster, type FaultOptions, type ScenarioName, type ServerMode } from '../test/cluster/index.js';
import { SCENARIOS } from '../test/cluster/scenarios/index.js';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'calico-v2.4' },
    mode: { type: 'string' },
    'git-version': { type: 'string' },
    port: { type: 'string', default: '0' },
    kubeconfig: { type: 'string' },
    'latency-ms': { type: 'string' },
    'fault-rate': { type: 'string' },
    'fault-codes': { type: 'string' },
    'retry-after': { type: 'string' },
    'reset-rate': { type: 'string' },
    'fail-nth-write': { type: 'string' },
    seed: { type: 'string' },
    'crd-delay-ms': { type: 'string' },
    'pod-ready-delay-ms': { type: 'string' },
    nodes: { type: 'string' },
    peers: { type: 'string' },
    pools: { type: 'string' },
    'node-peers': { type: 'string' },
    'log-requests': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(`Usage: npm run cluster -- [options]
  --scenario NAME        ${Object.keys(SCENARIOS).join(' | ')} (default calico-v2.4)
  --nodes N --peers N --pools N --node-peers N   generate a large calico-v2.4-like cluster instead
  --mode 1.6|1.7|1.8|modern   override the scenario's Kubernetes version behaviour
  --git-version vX.Y.Z   what /version reports
  --port N               listen port on 127.0.0.1 (default: ephemeral)
  --kubeconfig FILE      also write the kubeconfig here
  --latency-ms N | MIN-MAX   delay every response
  --fault-rate R         fraction of requests answered with --fault-codes (default 500,503)
  --retry-after S        Retry-After seconds on 429/503
  --reset-rate R         fraction of connections reset mid-response
  --fail-nth-write N[,M] fail these writes (1-based) with 500, unapplied
  --seed N               fault seed (default 1)
  --crd-delay-ms N       delay before a new CRD is Established (default 50)
  --pod-ready-delay-ms N delay before a pod the DaemonSet controller creates is Ready (default 50)
  --log-requests         print every request`);
  process.exit(0);
}

const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
const faults: FaultOptions = {};
if (values['latency-ms']) {
  const [min, max] = values['latency-ms'].split('-').map(Number);
  faults.latencyMs = max === undefined ? min! : { min: min!, max };
}
if (values['fault-rate']) faults.errorRate = Number(values['fault-rate']);
if (values['fault-codes']) faults.errorCodes = values['fault-codes'].split(',').map(Number) as FaultOptions['errorCodes'];
if (values['retry-after']) faults.retryAfterSeconds = Number(values['retry-after']);
if (values['reset-rate']) faults.resetRate = Number(values['reset-rate']);
if (values['fail-nth-write']) faults.failNthWrite = values['fail-nth-write'].split(',').map(Number);
if (values.seed) faults.seed = Number(values.seed);

const generated = values.nodes || values.peers || values.pools;
const scenario = generated
  ? generateScenario({ nodes: num(values.nodes), globalPeers: num(values.peers), pools: num(values.pools), nodePeers: num(values['node-peers']), seed: num(values.seed) })
  : (values.scenario as ScenarioName);
if (!generated && !(values.scenario! in SCENARIOS)) {
  console.error(`unknown scenario "${values.scenario}"; known: ${Object.keys(SCENARIOS).join(', ')}`);
  process.exit(2);
}

const cluster = await startCluster({
  scenario, mode: values.mode as ServerMode | undefined, gitVersion: values['git-version'], port: Number(values.port),
  crdEstablishDelayMs: num(values['crd-delay-ms']), podReadyDelayMs: num(values['pod-ready-delay-ms']), faults: Object.keys(faults).length ? faults : undefined,
  lifetimeMs: 2 ** 31 - 1,
});
let kubeconfig = cluster.kubeconfigPath;
if (values.kubeconfig) {
  kubeconfig = resolve(values.kubeconfig);
  copyFileSync(cluster.kubeconfigPath, kubeconfig);
}

console.log(`Fake Kubernetes ${cluster.mode} API server (${cluster.scenario}) listening on ${cluster.url}
Kubeconfig: ${kubeconfig}
Contexts: admin (token, current), admin-cert (client certificate), ${Object.keys(cluster.users).filter((u) => u !== 'admin').join(', ')} (tokens)

Point kubectl at it:
  export KUBECONFIG=${kubeconfig}
  kubectl get thirdpartyresources
  kubectl get ippools.projectcalico.org -n kube-system -o yaml
Run the plugin against it:
  kubectl calico-migrate --kubeconfig ${kubeconfig} …      (or: bin/kubectl-calico_migrate --kubeconfig ${kubeconfig} …)
Press Ctrl-C to stop.`);

let printed = 0;
const keepAlive = setInterval(() => {
  if (!values['log-requests']) return;
  for (; printed < cluster.requests.length; printed++) {
    const r = cluster.requests[printed]!;
    console.log(`${r.method} ${r.path}${r.query ? `?${r.query}` : ''} -> ${r.status} ${r.user} ${r.ms}ms${r.fault ? ` [${r.fault}]` : ''}`);
  }
}, 200);

const shutdown = async () => {
  clearInterval(keepAlive);
  await cluster.stop();
  console.log('stopped');
  process.exit(0);
};
process.on('SIGINT', () => { void shutdown(); });
process.on('SIGTERM', () => { void shutdown(); });
