// Building blocks shared by the scenarios: users, namespaces, nodes, a Calico/Canal install, the v2.4 datastore.
import type { KubeObject, ScenarioUser } from '../types.js';
import { ALLOW_ALL_SPEC, CALICO_TPRS, globalBgpConfig, globalBgpPeer, globalConfig, ipPool, nodePeerAnnotation, systemNetworkPolicy, tpr, type PoolModel } from './calico-data.js';
import { calicoConfigMap, calicoDaemonSet, daemonSetPods, namespace, node, serviceAccount, withDaemonSetStatus, type NodeSpec } from './kube-objects.js';
import { CALICO_V24_RULES, CALICO_V25_RULES, FLANNEL_RULES, READONLY_RULES, clusterRole, serviceAccountBinding, userBinding } from './rbac-data.js';

export const USERS: Record<string, ScenarioUser> = {
  admin: { token: 'admin-token-0123456789', groups: ['system:masters'] },
  readonly: { token: 'readonly-token-0123456789', groups: [] },
  nobody: { token: 'nobody-token-0123456789', groups: [] },
};

export const users = (): Record<string, ScenarioUser> => structuredClone(USERS);

/** Namespaces plus the readonly user's role; every scenario starts with these. */
export function baseObjects(): KubeObject[] {
  return [
    namespace('default'), namespace('kube-system'), namespace('kube-public'),
    clusterRole('test-readonly', READONLY_RULES), userBinding('test-readonly', 'test-readonly', 'readonly'),
  ];
}

export const CLUSTER_GUID = '7f3c9a2e4b1d4e8f9a6c5b3d2e1f0a9b';

/** Four nodes: a master, one with an IPv4 node-scoped peer and its own AS, one with an IPv6 node-scoped peer. */
export function defaultNodes(withPeers: boolean): NodeSpec[] {
  const ann = (ip: string, as: number) => Object.fromEntries([nodePeerAnnotation(ip, as)]);
  return [
    { name: 'k8s-master', ip: '10.240.0.10', podCIDR: '192.168.0.0/24', master: true },
    { name: 'k8s-node-1', ip: '10.240.0.11', podCIDR: '192.168.1.0/24', asNumber: 64513, ...(withPeers ? { annotations: ann('10.240.0.254', 64514) } : {}) },
    { name: 'k8s-node-2', ip: '10.240.0.12', podCIDR: '192.168.2.0/24', ...(withPeers ? { annotations: ann('aa:bb::ff', 64514) } : {}) },
    { name: 'k8s-node-3', ip: '10.240.0.13', podCIDR: '192.168.3.0/24' },
  ];
}

export type Flavour = 'calico' | 'canal' | 'policy-only';

const CNI_CONFIG = { name: 'k8s-pod-network', cniVersion: '0.1.0', type: 'calico', log_level: 'info', datastore_type: 'kubernetes', nodename: '__KUBERNETES_NODE_NAME__', ipam: { type: 'host-local', subnet: 'usePodCidr' }, policy: { type: 'k8s', k8s_auth_token: '__SERVICEACCOUNT_TOKEN__' }, kubernetes: { kubeconfig: '__KUBECONFIG_FILEPATH__' } };

/** ServiceAccount, ConfigMap, DaemonSet, its pods and the RBAC of a hosted install. */
export function install(flavour: Flavour, nodeImage: string, nodes: NodeSpec[], rbacVersion: 'v2.4' | 'v2.5', dsApiVersion?: string): KubeObject[] {
  const canal = flavour === 'canal';
  const name = canal ? 'canal' : 'calico-node';
  const ds = calicoDaemonSet({
    name, serviceAccount: name, nodeImage, apiVersion: dsApiVersion,
    clusterType: canal ? 'k8s,canal' : flavour === 'policy-only' ? 'k8s' : 'k8s,bgp',
    extraNodeEnv: canal ? { CALICO_NETWORKING_BACKEND: 'none', FELIX_IPINIPENABLED: 'false' }
      : flavour === 'policy-only' ? { CALICO_NETWORKING_BACKEND: 'none' }
        : { CALICO_IPV4POOL_CIDR: '192.168.0.0/16', CALICO_IPV4POOL_IPIP: 'always', IP: '' },
    extraContainers: canal ? [{ name: 'kube-flannel', image: 'quay.io/coreos/flannel:v0.8.0', command: ['/opt/bin/flanneld', '--ip-masq', '--kube-subnet-mgr'], securityContext: { privileged: true } }] : [],
  });
  withDaemonSetStatus(ds, nodes.length);
  const rules = rbacVersion === 'v2.4' ? CALICO_V24_RULES : CALICO_V25_RULES;
  const rbac = canal
    ? [clusterRole('calico', rules, 'kube-system'), clusterRole('flannel', FLANNEL_RULES), serviceAccountBinding('canal-flannel', 'flannel', 'canal'), serviceAccountBinding('canal-calico', 'calico', 'canal')]
    : [clusterRole('calico-node', rules, 'kube-system'), serviceAccountBinding('calico-node', 'calico-node', 'calico-node')];
  return [
    ...nodes.map(node), serviceAccount(name), calicoConfigMap(CNI_CONFIG), ...rbac, ds, ...daemonSetPods(ds, nodes.map((n) => n.name)),
  ];
}

export interface V24DataOptions {
  clusterType: string;
  bgp: boolean;
  pools: PoolModel[];
  globalPeers: Array<{ ip: string; as: number }>;
  snp: boolean;
}

/** The five TPRs and the keys calico/node v2.4.1 and calicoctl v1.4 leave behind (docs/calico-data.md#v24-keys). */
export function v24Datastore(o: V24DataOptions): KubeObject[] {
  const out: KubeObject[] = CALICO_TPRS.map((t) => tpr(t.name, t.description));
  out.push(
    globalConfig('ClusterGUID', CLUSTER_GUID), globalConfig('ClusterType', o.clusterType), globalConfig('ReportingIntervalSecs', '0'),
    globalConfig('LogSeverityScreen', 'info'), globalConfig('CalicoVersion', 'v2.4.1'),
  );
  if (o.pools.some((p) => p.ipip !== '')) out.push(globalConfig('IpInIpEnabled', 'true'));
  if (o.bgp) {
    // calicoctl `config set logLevel` wrote `loglevel`, so spec.name is lower-case here.
    out.push(globalBgpConfig('NodeMeshEnabled', 'true'), globalBgpConfig('AsNumber', '64512'), globalBgpConfig('loglevel', 'info'));
  }
  out.push(...o.pools.map(ipPool), ...o.globalPeers.map((p) => globalBgpPeer(p.ip, p.as)));
  if (o.snp) out.push(systemNetworkPolicy('allow-all-calico-policy', ALLOW_ALL_SPEC));
  return out;
}

export const DEFAULT_POOL: PoolModel = { cidr: '192.168.0.0/16', ipip: 'tunl0', ipip_mode: 'always', masquerade: true, ipam: true, disabled: false };
