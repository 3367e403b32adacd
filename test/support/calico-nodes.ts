// Shaping who runs calico/node in the simulated cluster, for the guard tests: a second calico/node DaemonSet in
// another namespace, and a pod left on its old image (what an OnDelete update strategy does until the pod is deleted).
import type { Cluster, KubeObject } from '../cluster/index.js';

const DS = { group: 'extensions', version: 'v1beta1', resource: 'daemonsets' };
const PODS = { group: '', version: 'v1', resource: 'pods' };
const NAMESPACES = { group: '', version: 'v1', resource: 'namespaces' };

export function ensureNamespace(c: Cluster, name: string): void {
  if (c.state.get({ ...NAMESPACES, name })) return;
  c.state.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

/** A copy of kube-system's calico-node DaemonSet (and one of its pods) in `namespace`, running `image`. */
export function addCalicoNodeDaemonSet(c: Cluster, namespace: string, image: string, name = 'calico-node'): void {
  ensureNamespace(c, namespace);
  const ds = structuredClone(c.state.get({ ...DS, namespace: 'kube-system', name: 'calico-node' })!) as any;
  ds.metadata = { name, namespace, labels: ds.metadata.labels };
  ds.spec.template.spec.containers.find((x: any) => x.name === 'calico-node').image = image;
  c.state.create({ ...DS, namespace }, ds);
  const pod = structuredClone(c.state.list(PODS, 'kube-system').find((p) => (p.metadata as any).ownerReferences?.some((r: any) => r.name === 'calico-node'))!) as any;
  pod.metadata = { name: `${name}-x1y2z`, namespace, labels: pod.metadata.labels, ownerReferences: [{ ...pod.metadata.ownerReferences[0], name }] };
  for (const pc of pod.spec.containers) if (pc.name === 'calico-node') pc.image = image;
  for (const cs of pod.status?.containerStatuses ?? []) if (cs.name === 'calico-node') cs.image = image;
  c.state.create({ ...PODS, namespace }, pod);
}

/** One pod of kube-system/calico-node keeps (or gets back) `image` while the template says otherwise. */
export function setOnePodImage(c: Cluster, image: string, namespace = 'kube-system'): string {
  const pod = structuredClone(c.state.list(PODS, namespace).find((p) => (p.metadata as any).ownerReferences?.some((r: any) => r.name === 'calico-node'))!) as KubeObject & any;
  for (const pc of pod.spec.containers) if (pc.name === 'calico-node') pc.image = image;
  for (const cs of pod.status?.containerStatuses ?? []) if (cs.name === 'calico-node') cs.image = image;
  c.state.update({ ...PODS, namespace, name: pod.metadata.name }, pod);
  return pod.metadata.name;
}

/** The OnDelete update strategy on kube-system/calico-node. */
export function setOnDelete(c: Cluster): void {
  const ref = { ...DS, namespace: 'kube-system', name: 'calico-node' };
  const ds = c.state.get(ref)! as any;
  ds.spec.updateStrategy = { type: 'OnDelete' };
  c.state.update(ref, ds);
}
