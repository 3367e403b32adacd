// `calico-v2.5-migrated`: the same cluster after a successful migration: v2.5.1 image, Established CRDs with converted data, no TPRs.
import type { Scenario } from '../types.js';
import { ALLOW_ALL_SPEC, CALICO_CRDS, bgpConfigCr, bgpPeerCr, establishedCrd, felixConfigCr, ipPoolCr } from './calico-data.js';
import { CALICO_V24_GLOBAL_PEERS, CALICO_V24_POOLS } from './calico-v24.js';
import { CLUSTER_GUID, baseObjects, defaultNodes, install, users } from './common.js';

export function calicoV25Migrated(): Scenario {
  return {
    name: 'calico-v2.5-migrated', mode: '1.7',
    description: 'Kubernetes 1.7 with Calico v2.5.1 on CRDs (already migrated): v2.5 RBAC, no TPRs',
    users: users(),
    objects: [
      ...baseObjects(),
      ...install('calico', 'quay.io/calico/node:v2.5.1', defaultNodes(true), 'v2.5'),
      ...CALICO_CRDS.map((c) => establishedCrd(c.kind, c.plural)),
      felixConfigCr('ClusterGUID', CLUSTER_GUID), felixConfigCr('ClusterType', 'KDD,k8s,bgp'), felixConfigCr('ReportingIntervalSecs', '0'),
      felixConfigCr('LogSeverityScreen', 'info'), felixConfigCr('CalicoVersion', 'v2.5.1'), felixConfigCr('IpInIpEnabled', 'true'),
      bgpConfigCr('NodeMeshEnabled', 'true'), bgpConfigCr('AsNumber', '64512'), bgpConfigCr('loglevel', 'info'),
      ...CALICO_V24_POOLS.map(ipPoolCr),
      ...CALICO_V24_GLOBAL_PEERS.map((p) => bgpPeerCr(p.ip, p.as)),
      { apiVersion: 'crd.projectcalico.org/v1', kind: 'GlobalNetworkPolicy', metadata: { name: 'allow-all-calico-policy' }, spec: ALLOW_ALL_SPEC },
    ],
  };
}
