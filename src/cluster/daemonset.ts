// Finding Calico on a cluster: the DaemonSet running a calico/node image, whatever its name (calico-node, canal,
// kube-calico, …), and its running pods. 1.7 serves DaemonSets under extensions/v1beta1 only; later servers under apps.
import { isCalicoNodeImage } from '../calico/version.js';
import { containerWithoutImage } from '../kube/answer-shape.js';
import type { KubeClient } from '../kube/client.js';
import { isNotFound } from '../kube/errors.js';
import type { Gvr } from '../kube/paths.js';

export interface Container { name: string; image: string; env?: Array<{ name: string; value?: string }> }

export interface CalicoDaemonSet {
  namespace: string;
  name: string;
  apiVersion: string;
  serviceAccount: string;
  /** The container running calico/node. */
  node: Container;
  containers: Container[];
  selector: Record<string, string>;
  updateStrategy?: string;
  /** Env of the calico/node container as plain values (valueFrom entries are left out). */
  env: Record<string, string>;
}

export interface CalicoPod { name: string; node?: string; phase?: string; ready: boolean; image?: string; serviceAccount?: string }

const DAEMONSET_APIS: Gvr[] = [
  { group: 'extensions', version: 'v1beta1', resource: 'daemonsets' },
  { group: 'apps', version: 'v1', resource: 'daemonsets' },
  { group: 'apps', version: 'v1beta2', resource: 'daemonsets' },
];

interface DaemonSetItem {
  apiVersion?: string;
  metadata: { name: string; namespace?: string };
  spec?: {
    selector?: { matchLabels?: Record<string, string> };
    updateStrategy?: { type?: string };
    template?: { metadata?: { labels?: Record<string, string> }; spec?: { serviceAccountName?: string; serviceAccount?: string; containers?: Container[] } };
  };
}

/** Every DaemonSet with a calico/node container, in the namespace (usually exactly one) or, without one, in every namespace. */
export async function findCalicoDaemonSets(client: KubeClient, namespace?: string): Promise<CalicoDaemonSet[]> {
  for (const api of DAEMONSET_APIS) {
    let items: DaemonSetItem[];
    try {
      items = (await client.list<{ items?: DaemonSetItem[] }>({ ...api, namespace }, undefined, containerWithoutImage)).items ?? [];
    } catch (err) {
      if (isNotFound(err)) continue; // this server does not serve DaemonSets at this group-version
      throw err;
    }
    return items.flatMap((ds) => {
      const containers = ds.spec?.template?.spec?.containers ?? [];
      const node = containers.find((c) => isCalicoNodeImage(c.image));
      if (!node) return [];
      const podSpec = ds.spec?.template?.spec;
      return [{
        namespace: ds.metadata.namespace ?? namespace ?? '',
        name: ds.metadata.name,
        apiVersion: `${api.group}/${api.version}`,
        serviceAccount: podSpec?.serviceAccountName ?? podSpec?.serviceAccount ?? 'default',
        node,
        containers,
        selector: ds.spec?.selector?.matchLabels ?? ds.spec?.template?.metadata?.labels ?? {},
        updateStrategy: ds.spec?.updateStrategy?.type,
        env: Object.fromEntries((node.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value as string])),
      }];
    });
  }
  return [];
}

interface PodItem {
  metadata: { name: string };
  spec?: { nodeName?: string; serviceAccountName?: string; serviceAccount?: string; containers?: Container[] };
  status?: { phase?: string; containerStatuses?: Array<{ name: string; ready?: boolean; image?: string }> };
}

/** The DaemonSet's pods and the calico/node image each one actually runs. */
export async function listCalicoPods(client: KubeClient, ds: CalicoDaemonSet): Promise<CalicoPod[]> {
  const labelSelector = Object.entries(ds.selector).map(([k, v]) => `${k}=${v}`).join(',');
  const list = await client.list<{ items?: PodItem[] }>({ group: '', version: 'v1', resource: 'pods', namespace: ds.namespace }, labelSelector ? { labelSelector } : undefined, containerWithoutImage);
  return (list.items ?? []).map((pod) => {
    const container = pod.spec?.containers?.find((c) => c.name === ds.node.name) ?? pod.spec?.containers?.find((c) => isCalicoNodeImage(c.image));
    const status = pod.status?.containerStatuses?.find((c) => c.name === container?.name);
    const serviceAccount = pod.spec?.serviceAccountName ?? pod.spec?.serviceAccount;
    return { name: pod.metadata.name, node: pod.spec?.nodeName, phase: pod.status?.phase, ready: Boolean(status?.ready), image: container?.image, ...(serviceAccount ? { serviceAccount } : {}) };
  });
}
