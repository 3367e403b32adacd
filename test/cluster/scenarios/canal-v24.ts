// `canal-v2.4`: Canal (Calico policy + flannel) with Calico v2.4.1 on 1.7; no BGP data, no IP-in-IP.
import type { Scenario } from '../types.js';
import { DEFAULT_POOL, baseObjects, defaultNodes, install, users, v24Datastore } from './common.js';

export function canalV24(): Scenario {
  return {
    name: 'canal-v2.4', mode: '1.7',
    description: 'Kubernetes 1.7 with Canal (DaemonSet canal, ClusterRole calico, SA canal), Calico v2.4.1',
    users: users(),
    objects: [
      ...baseObjects(),
      ...install('canal', 'quay.io/calico/node:v2.4.1', defaultNodes(false), 'v2.4'),
      ...v24Datastore({ clusterType: 'KDD,k8s,canal', bgp: false, pools: [{ ...DEFAULT_POOL, ipip: '', ipip_mode: '' }], globalPeers: [], snp: false }),
    ],
  };
}
