// Deterministic large clusters for benchmarks: calico-v2.4 shape with N nodes, peers, pools and config keys.
import type { KubeObject, Scenario } from '../types.js';
import { seededRandom } from '../faults.js';
import { globalBgpConfig, globalBgpPeer, globalConfig, ipPool, nodePeerAnnotation, type PoolModel } from './calico-data.js';
import { DEFAULT_POOL, baseObjects, install, users, v24Datastore } from './common.js';
import type { NodeSpec } from './kube-objects.js';

export interface GenerateOptions {
  nodes?: number;
  globalPeers?: number;
  /** Node-scoped peers, spread over the nodes as annotations. */
  nodePeers?: number;
  pools?: number;
  felixKeys?: number;
  bgpKeys?: number;
  seed?: number;
}

export function generateScenario(o: GenerateOptions = {}): Scenario {
  const rnd = seededRandom(o.seed ?? 42);
  const nodeCount = Math.max(1, o.nodes ?? 10);
  const nodes: NodeSpec[] = [];
  for (let i = 0; i < nodeCount; i++) {
    const ip = `10.${16 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
    nodes.push({ name: `node-${String(i).padStart(5, '0')}`, ip, podCIDR: `10.${128 + (i >> 8)}.${i & 255}.0/24`, ...(rnd() < 0.1 ? { asNumber: 64600 + (i % 100) } : {}) });
  }
  for (let i = 0; i < (o.nodePeers ?? 0); i++) {
    const n = nodes[i % nodeCount]!;
    const [k, v] = nodePeerAnnotation(`172.31.${(i >> 8) & 255}.${i & 255}`, 64700 + (i % 100));
    n.annotations = { ...n.annotations, [k]: v };
  }
  const pools: PoolModel[] = [DEFAULT_POOL];
  for (let i = 1; i < (o.pools ?? 1); i++) {
    const v6 = i % 5 === 0;
    pools.push(v6
      ? { cidr: `fd00:${i.toString(16)}::/64`, ipip: '', ipip_mode: '', masquerade: false, ipam: true, disabled: rnd() < 0.2 }
      : { cidr: `100.${64 + (i >> 8)}.${i & 255}.0/24`, ipip: rnd() < 0.5 ? 'tunl0' : '', ipip_mode: '', masquerade: rnd() < 0.5, ipam: true, disabled: rnd() < 0.2 });
  }
  for (const p of pools) if (p.ipip === 'tunl0' && !p.ipip_mode) p.ipip_mode = 'always';
  const peers = Array.from({ length: o.globalPeers ?? 2 }, (_, i) => (i % 4 === 3
    ? { ip: `2001:db8:${(i >> 16).toString(16)}:${(i & 0xffff).toString(16)}::`, as: 64512 + (i % 1000) }
    : { ip: `198.${18 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`, as: 64512 + (i % 1000) }));
  const objects: KubeObject[] = [
    ...baseObjects(),
    ...install('calico', 'quay.io/calico/node:v2.4.1', nodes, 'v2.4'),
    ...v24Datastore({ clusterType: 'KDD,k8s,bgp', bgp: true, pools: [], globalPeers: [], snp: true }),
    ...pools.map(ipPool), ...peers.map((p) => globalBgpPeer(p.ip, p.as)),
  ];
  if (pools.some((p) => p.ipip)) objects.push(globalConfig('IpInIpEnabled', 'true'));
  for (let i = 0; i < (o.felixKeys ?? 0); i++) objects.push(globalConfig(`GeneratedFelixKey${i}`, String(i)));
  for (let i = 0; i < (o.bgpKeys ?? 0); i++) objects.push(globalBgpConfig(`GeneratedBgpKey${i}`, String(i)));
  return { name: `generated-${nodeCount}n`, mode: '1.7', description: 'generated calico-v2.4-like cluster', users: users(), objects };
}
