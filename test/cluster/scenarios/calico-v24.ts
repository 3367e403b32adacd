// `calico-v2.4`: hosted Calico v2.4.1 with the Kubernetes datastore on 1.7, as calico/node and calicoctl leave it.
import type { Scenario } from '../types.js';
import { globalConfig, type PoolModel } from './calico-data.js';
import { DEFAULT_POOL, baseObjects, defaultNodes, install, users, v24Datastore } from './common.js';

export const CALICO_V24_POOLS: PoolModel[] = [
  DEFAULT_POOL,
  { cidr: '10.65.0.0/16', ipip: 'tunl0', ipip_mode: 'cross-subnet', masquerade: true, ipam: true, disabled: false },
  { cidr: '172.16.0.0/24', ipip: '', ipip_mode: '', masquerade: false, ipam: true, disabled: true },
  { cidr: 'fd80:24e2:f998:72d6::/64', ipip: '', ipip_mode: '', masquerade: false, ipam: true, disabled: false },
];

export const CALICO_V24_GLOBAL_PEERS = [
  { ip: '192.20.30.40', as: 64567 },
  { ip: '2001:db8::1', as: 64568 },
  { ip: '2001:db8:1::', as: 64569 }, // v1.5 name `2001-db8-1--` is not DNS-1123: the plugin must rename it
];

export function calicoV24(): Scenario {
  return {
    name: 'calico-v2.4', mode: '1.7',
    description: 'Kubernetes 1.7 with Calico v2.4.1 (KDD, BGP): five TPRs with data, v2.4 RBAC, node-scoped peers in annotations',
    users: users(),
    objects: [
      ...baseObjects(),
      ...install('calico', 'quay.io/calico/node:v2.4.1', defaultNodes(true), 'v2.4'),
      ...v24Datastore({ clusterType: 'KDD,k8s,bgp', bgp: true, pools: CALICO_V24_POOLS, globalPeers: CALICO_V24_GLOBAL_PEERS, snp: true }),
      // The official job copied every namespace; this stray object must be reported as ignored.
      globalConfig('LogSeverityScreen', 'debug', 'default'),
    ],
  };
}
