// Core Kubernetes objects as a 1.7 cluster with a hosted Calico install has them.
import { createHash } from 'node:crypto';
import { REVISION_HASH_LABEL, TEMPLATE_GENERATION_LABEL, templateHash } from '../daemonset.js';
import type { KubeObject } from '../types.js';

export const namespace = (name: string): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });

export const serviceAccount = (name: string, ns = 'kube-system'): KubeObject =>
  ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns }, secrets: [{ name: `${name}-token-${shortHash(name)}` }] });

function shortHash(s: string): string { return createHash('sha1').update(s).digest('hex').slice(0, 5); }

export interface NodeSpec {
  name: string;
  ip: string;
  podCIDR: string;
  asNumber?: number;
  /** Extra annotations, e.g. node-scoped BGP peers. */
  annotations?: Record<string, string>;
  master?: boolean;
}

export function node(n: NodeSpec): KubeObject {
  const annotations: Record<string, string> = {
    'node.alpha.kubernetes.io/ttl': '0',
    'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
    'projectcalico.org/IPv4Address': `${n.ip}/24`,
    ...n.annotations,
  };
  if (n.asNumber !== undefined) annotations['projectcalico.org/ASNumber'] = String(n.asNumber);
  const labels: Record<string, string> = { 'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux', 'kubernetes.io/hostname': n.name };
  if (n.master) labels['node-role.kubernetes.io/master'] = '';
  return {
    apiVersion: 'v1', kind: 'Node', metadata: { name: n.name, labels, annotations },
    spec: { podCIDR: n.podCIDR, externalID: n.name, ...(n.master ? { taints: [{ key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' }] } : {}) },
    status: {
      addresses: [{ type: 'InternalIP', address: n.ip }, { type: 'Hostname', address: n.name }],
      capacity: { cpu: '4', memory: '16432932Ki', pods: '110' },
      allocatable: { cpu: '4', memory: '16330532Ki', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: '2017-08-10T12:00:00Z', lastTransitionTime: '2017-08-10T12:00:00Z' }],
      nodeInfo: { kubeletVersion: 'v1.7.16', kubeProxyVersion: 'v1.7.16', osImage: 'Ubuntu 16.04.3 LTS', kernelVersion: '4.4.0-92-generic', containerRuntimeVersion: 'docker://1.12.6', operatingSystem: 'linux', architecture: 'amd64' },
    },
  };
}

const env = (pairs: Record<string, string>) => Object.entries(pairs).map(([name, value]) => ({ name, value }));

export interface DaemonSetSpec {
  name: string;
  serviceAccount: string;
  nodeImage: string;
  clusterType: string;
  extraNodeEnv?: Record<string, string>;
  extraContainers?: Array<Record<string, unknown>>;
  /** 'extensions/v1beta1' on 1.7; the 1.8 scenario also uses it (apps/v1beta2 serves the same storage). */
  apiVersion?: string;
}

/** The hosted KDD manifest's DaemonSet (calico@v2.4.1 …/kubernetes-datastore/calico-networking/1.7/calico.yaml, trimmed). */
export function calicoDaemonSet(d: DaemonSetSpec): KubeObject {
  const labels = { 'k8s-app': d.name };
  const calicoNode = {
    name: 'calico-node', image: d.nodeImage,
    env: env({ DATASTORE_TYPE: 'kubernetes', FELIX_LOGSEVERITYSCREEN: 'info', CLUSTER_TYPE: d.clusterType, FELIX_DEFAULTENDPOINTTOHOSTACTION: 'ACCEPT', FELIX_IPV6SUPPORT: 'false', WAIT_FOR_DATASTORE: 'true', FELIX_HEALTHENABLED: 'true', ...d.extraNodeEnv }).concat([
      { name: 'NODENAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } } as any,
    ]),
    securityContext: { privileged: true },
    resources: { requests: { cpu: '250m' } },
    livenessProbe: { httpGet: { path: '/liveness', port: 9099 }, periodSeconds: 10, initialDelaySeconds: 10, failureThreshold: 6 },
    volumeMounts: [{ mountPath: '/lib/modules', name: 'lib-modules', readOnly: true }, { mountPath: '/var/run/calico', name: 'var-run-calico' }],
  };
  const installCni = {
    name: 'install-cni', image: 'quay.io/calico/cni:v1.10.0', command: ['/install-cni.sh'],
    env: [{ name: 'CNI_NETWORK_CONFIG', valueFrom: { configMapKeyRef: { name: 'calico-config', key: 'cni_network_config' } } }],
    volumeMounts: [{ mountPath: '/host/opt/cni/bin', name: 'cni-bin-dir' }, { mountPath: '/host/etc/cni/net.d', name: 'cni-net-dir' }],
  };
  return {
    apiVersion: d.apiVersion ?? 'extensions/v1beta1', kind: 'DaemonSet', metadata: { name: d.name, namespace: 'kube-system', labels },
    spec: {
      selector: { matchLabels: labels },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: { labels, annotations: { 'scheduler.alpha.kubernetes.io/critical-pod': '' } },
        spec: {
          hostNetwork: true, serviceAccountName: d.serviceAccount, terminationGracePeriodSeconds: 0,
          tolerations: [{ key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' }, { key: 'CriticalAddonsOnly', operator: 'Exists' }],
          containers: [calicoNode, installCni, ...(d.extraContainers ?? [])],
          volumes: [{ name: 'lib-modules', hostPath: { path: '/lib/modules' } }, { name: 'var-run-calico', hostPath: { path: '/var/run/calico' } },
            { name: 'cni-bin-dir', hostPath: { path: '/opt/cni/bin' } }, { name: 'cni-net-dir', hostPath: { path: '/etc/cni/net.d' } }],
        },
      },
    },
    status: {},
  };
}

/** One Running pod of the DaemonSet per node, with its containers' images and the labels 1.7's controller gives it. */
export function daemonSetPods(ds: KubeObject, nodeNames: string[]): KubeObject[] {
  const tpl = ds.spec.template;
  const used = new Set<string>();
  const suffix = (nodeName: string) => {
    const h = createHash('sha1').update(nodeName).digest('hex');
    for (let i = 0; ; i++) { const s = h.slice(i, i + 5); if (!used.has(s)) { used.add(s); return s; } }
  };
  return nodeNames.map((nodeName) => ({
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name: `${ds.metadata.name}-${suffix(nodeName)}`, namespace: ds.metadata.namespace, labels: { ...tpl.metadata.labels, [TEMPLATE_GENERATION_LABEL]: '1', [REVISION_HASH_LABEL]: templateHash(tpl) },
      ownerReferences: [{ apiVersion: 'extensions/v1beta1', kind: 'DaemonSet', name: ds.metadata.name, uid: '', controller: true, blockOwnerDeletion: true }],
    },
    spec: { ...structuredClone(tpl.spec), nodeName },
    status: {
      phase: 'Running', hostIP: '', podIP: '', startTime: '2017-08-10T12:00:00Z',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: tpl.spec.containers.map((c: any) => ({ name: c.name, image: c.image, ready: true, restartCount: 0, state: { running: { startedAt: '2017-08-10T12:00:00Z' } } })),
    },
  }));
}

/** DaemonSet status as the controller reports it once every pod runs. */
export function withDaemonSetStatus(ds: KubeObject, count: number): KubeObject {
  ds.status = { currentNumberScheduled: count, desiredNumberScheduled: count, numberAvailable: count, numberMisscheduled: 0, numberReady: count, observedGeneration: 1, updatedNumberScheduled: count };
  return ds;
}

export function calicoConfigMap(cniNetworkConfig: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'calico-config', namespace: 'kube-system' }, data: { cni_network_config: JSON.stringify(cniNetworkConfig, null, 2) } };
}
