// The benchmark's cluster: generateScenario's calico-v2.4 shape at scale, plus what a real large cluster has that the
// generator leaves out: Nodes of realistic size (1.7 kubelets report ~a dozen images in status) and node-scoped BGP
// peers of which half are IPv6 (those are the ones migrate re-keys with a Node PATCH, docs/calico-data.md#names).
import { generateScenario, type KubeObject, type Scenario } from '../../test/cluster/index.js';
import { nodePeerAnnotation } from '../../test/cluster/scenarios/calico-data.js';

export interface ScenarioSize {
  nodes: number;
  peers: number;
  nodePeers: number;
  pools: number;
  felixKeys: number;
  bgpKeys: number;
}

export const DEFAULT_SIZE: ScenarioSize = { nodes: 5000, peers: 2000, nodePeers: 500, pools: 200, felixKeys: 60, bgpKeys: 10 };
export const QUICK_SIZE: ScenarioSize = { nodes: 40, peers: 20, nodePeers: 6, pools: 5, felixKeys: 6, bgpKeys: 2 };

const IMAGES = ['quay.io/calico/node:v2.4.1', 'quay.io/calico/cni:v1.10.0', 'gcr.io/google_containers/kube-proxy-amd64:v1.7.16',
  'gcr.io/google_containers/pause-amd64:3.0', 'gcr.io/google_containers/k8s-dns-kube-dns-amd64:1.14.4',
  'gcr.io/google_containers/k8s-dns-dnsmasq-nanny-amd64:1.14.4', 'gcr.io/google_containers/k8s-dns-sidecar-amd64:1.14.4',
  'nginx:1.13.3', 'redis:3.2.10', 'busybox:1.27.1', 'prom/node-exporter:v0.14.0', 'fluent/fluentd:v0.12.40'];

export function benchScenario(size: ScenarioSize): Scenario {
  const scenario = generateScenario({
    nodes: size.nodes, globalPeers: size.peers, nodePeers: 0, pools: size.pools, felixKeys: size.felixKeys, bgpKeys: size.bgpKeys, seed: 42,
  });
  const nodes = scenario.objects.filter((o) => o.kind === 'Node');
  nodes.forEach((n, i) => realisticStatus(n, i));
  for (let i = 0; i < size.nodePeers; i++) {
    const node = nodes[(i * 7) % nodes.length]!;
    const ip = i % 2 === 1 ? `2001:db8:ffff:${(i & 0xffff).toString(16)}::1` : `172.31.${(i >> 8) & 255}.${i & 255}`;
    const [key, value] = nodePeerAnnotation(ip, 64700 + (i % 100));
    const meta = node.metadata as { annotations?: Record<string, string> };
    meta.annotations = { ...meta.annotations, [key]: value };
  }
  return { ...scenario, name: `bench-${size.nodes}n` };
}

function realisticStatus(node: KubeObject, i: number): void {
  const status = node.status as Record<string, unknown>;
  status.images = IMAGES.map((name, j) => ({ names: [name, `${name.split(':')[0]}@sha256:${(i * 31 + j).toString(16).padStart(64, '0')}`], sizeBytes: 10_000_000 + j * 1_234_567 }));
  status.daemonEndpoints = { kubeletEndpoint: { Port: 10250 } };
  status.nodeInfo = { ...(status.nodeInfo as object), machineID: (i * 7919).toString(16).padStart(32, '0'), systemUUID: `EC2${(i * 104729).toString(16).padStart(29, '0')}`.toUpperCase(), bootID: (i * 15485863).toString(16).padStart(32, '0') };
}

/** The scenario with k times of everything (4×: 20,000 Nodes, 8,000 global peers). */
export const scaled = (s: ScenarioSize, k: number): ScenarioSize =>
  ({ nodes: s.nodes * k, peers: s.peers * k, nodePeers: s.nodePeers * k, pools: s.pools * k, felixKeys: s.felixKeys * k, bgpKeys: s.bgpKeys * k });

/** What peak RSS is divided by for "bytes per object": the Nodes and the global BGP peers, by far the most of the data. */
export const bigObjects = (s: ScenarioSize): number => s.nodes + s.peers;

/** Desired CR count the official procedure would apply: everything in the TPRs of the Calico namespace. */
export const objectCount = (s: ScenarioSize): number => s.peers + s.pools + s.felixKeys + s.bgpKeys;
