// `k8s-1.8-broken`: Kubernetes upgraded to 1.8 before migrating: calico/node v2.4.1 still runs, the TPR API is gone.
import type { Scenario } from '../types.js';
import { baseObjects, defaultNodes, install, users } from './common.js';

export function k8s18Broken(): Scenario {
  return {
    name: 'k8s-1.8-broken', mode: '1.8',
    description: 'Kubernetes 1.8 with calico/node v2.4.1 (KDD): no ThirdPartyResource API, the TPR data is unreachable',
    users: users(),
    objects: [...baseObjects(), ...install('calico', 'quay.io/calico/node:v2.4.1', defaultNodes(true), 'v2.4')],
  };
}
