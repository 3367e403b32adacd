// `policy-only-v2.4`: Calico v2.4.1 policy-only (CLUSTER_TYPE=k8s, no BGP objects) on 1.7.
import type { Scenario } from '../types.js';
import { DEFAULT_POOL, baseObjects, defaultNodes, install, users, v24Datastore } from './common.js';

export function policyOnlyV24(): Scenario {
  return {
    name: 'policy-only-v2.4', mode: '1.7',
    description: 'Kubernetes 1.7 with Calico v2.4.1 in policy-only mode: config and one pool, no BGP config or peers',
    users: users(),
    objects: [
      ...baseObjects(),
      ...install('policy-only', 'quay.io/calico/node:v2.4.1', defaultNodes(false), 'v2.4'),
      ...v24Datastore({ clusterType: 'KDD,k8s', bgp: false, pools: [{ ...DEFAULT_POOL, ipip: '', ipip_mode: '' }], globalPeers: [], snp: false }),
    ],
  };
}
