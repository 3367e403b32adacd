// The DaemonSet controller, as Kubernetes 1.7's kube-controller-manager runs it (pkg/controller/daemon at v1.7.16),
// with the kubelet's part folded in: a pod the controller creates starts Pending and becomes Running and Ready after
// `podReadyDelayMs`.
//
// One sync of a DaemonSet: create a pod on every node that should run one and has none (manage), then, with the
// RollingUpdate strategy, delete old pods (labels of an older template): every old pod that is not available, and
// available ones while fewer than maxUnavailable nodes are without an available pod (rollingUpdate); then write the
// status (observedGeneration, desired/current/updated/ready/available counts). A deleted pod wakes the controller,
// whose next sync creates its replacement from the current template, on the same node; with OnDelete that is the only
// way pods change. Pod names are the DaemonSet's name and five random characters from the API server's alphabet,
// from a seeded generator, so a test run is repeatable.
//
// The controller wakes on a DaemonSet whose generation it has not observed yet (a spec change), on the deletion of a
// pod it owns, and on its own pods becoming Ready; it never touches a DaemonSet or pods that tests seed or shape
// directly (scenarios, `setDaemonSetImage`, the guard tests' helpers), until one of those events happens to it.
import { seededRandom } from './faults.js';
import { isPodUpdated, ownedBy, podIdentityLabels } from './daemonset.js';
import { ApiError } from './status.js';
import type { Store } from './store.js';
import type { KubeObject, ResourceRef, WatchEvent } from './types.js';

export interface DaemonSetControllerOptions {
  /** How long a new pod takes to become Running and Ready (default 50 ms). */
  podReadyDelayMs?: number;
  /** Seed of the pod name generator (default 1). */
  seed?: number;
}

const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
const NODES: ResourceRef = { group: '', version: 'v1', resource: 'nodes' };
/** k8s.io/apimachinery/pkg/util/rand: the characters generateName suffixes are made of (no vowels, no 0/1/3). */
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export class DaemonSetController {
  private readonly podReadyDelayMs: number;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly queued = new Set<string>();
  private readonly unsubscribe: Array<() => void> = [];
  private random: () => number;
  private stopped = false;

  constructor(private readonly store: Store, opts: DaemonSetControllerOptions = {}) {
    this.podReadyDelayMs = opts.podReadyDelayMs ?? 50;
    this.random = seededRandom(opts.seed ?? 1);
    this.unsubscribe.push(store.watch('apps/daemonsets', undefined, (e) => this.onDaemonSet(e)));
    this.unsubscribe.push(store.watch('/pods', undefined, (e) => this.onPod(e)));
  }

  stop(): void {
    this.stopped = true;
    for (const u of this.unsubscribe) u();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private get dsRef(): ResourceRef {
    return this.store.mode === 'modern' ? { group: 'apps', version: 'v1', resource: 'daemonsets' } : { group: 'extensions', version: 'v1beta1', resource: 'daemonsets' };
  }

  private onDaemonSet(e: WatchEvent): void {
    const ds = e.object;
    if (e.type !== 'DELETED' && ds.metadata.generation !== undefined && ds.metadata.generation !== ds.status?.observedGeneration) {
      this.enqueue(ds.metadata.namespace!, ds.metadata.name);
    }
  }

  private onPod(e: WatchEvent): void {
    if (e.type !== 'DELETED') return;
    for (const r of (e.object.metadata.ownerReferences as Array<{ kind?: string; name?: string }> | undefined) ?? []) {
      if (r.kind === 'DaemonSet' && r.name) this.enqueue(e.object.metadata.namespace!, r.name);
    }
  }

  /** Syncs run on a later turn of the event loop, one per DaemonSet however many events asked for it. */
  private enqueue(namespace: string, name: string, delayMs = 0): void {
    const key = `${namespace}/${name}`;
    if (this.stopped || (delayMs === 0 && this.queued.has(key))) return;
    if (delayMs === 0) this.queued.add(key);
    this.later(delayMs, () => {
      if (delayMs === 0) this.queued.delete(key);
      this.sync(namespace, name);
    });
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (this.stopped) return;
      try { fn(); } catch (e) {
        // The store answers as the API server would (a namespace deleted meanwhile, a conflict): the next event retries.
        if (!(e instanceof ApiError)) throw e;
      }
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  private sync(namespace: string, name: string): void {
    const ds = this.store.get({ ...this.dsRef, namespace, name });
    if (!ds) return;
    // Raw stored objects (shared, never changed in place): a sync on a 5,000-node cluster copies nothing.
    const nodes = this.store.listRaw(this.store.info(NODES)).filter((n) => shouldRunOn(ds, n)).sort(byName);
    const podsByNode = this.podsByNode(ds);

    for (const node of nodes) if (!podsByNode.has(node.metadata.name)) this.createPod(ds, node);

    if (ds.spec.updateStrategy?.type === 'RollingUpdate') this.rollingUpdate(ds, nodes, podsByNode);
    this.updateStatus(ds, nodes);
  }

  /** 1.7's rollingUpdate: old pods that are not available go at once; available ones while the budget allows. */
  private rollingUpdate(ds: KubeObject, nodes: KubeObject[], podsByNode: Map<string, KubeObject[]>): void {
    const maxUnavailable = resolveMaxUnavailable(ds, nodes.length);
    let unavailable = nodes.filter((n) => !(podsByNode.get(n.metadata.name) ?? []).some((p) => this.available(ds, p))).length;
    const old = nodes.flatMap((n) => podsByNode.get(n.metadata.name) ?? []).filter((p) => !isPodUpdated(ds, p));
    const victims = old.filter((p) => !this.available(ds, p));
    for (const p of old) {
      if (!this.available(ds, p)) continue;
      if (unavailable >= maxUnavailable) break;
      victims.push(p);
      unavailable++;
    }
    for (const p of victims) this.store.delete({ ...PODS, namespace: p.metadata.namespace, name: p.metadata.name });
  }

  private podsByNode(ds: KubeObject): Map<string, KubeObject[]> {
    const byNode = new Map<string, KubeObject[]>();
    for (const p of this.store.listRaw(this.store.info(PODS), ds.metadata.namespace)) {
      if (!ownedBy(ds, p) || p.metadata.deletionTimestamp || !p.spec?.nodeName) continue;
      const list = byNode.get(p.spec.nodeName) ?? [];
      list.push(p);
      byNode.set(p.spec.nodeName, list);
    }
    // The oldest pod first, as the controller reads a node's daemon pods.
    for (const list of byNode.values()) list.sort((a, b) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)) || Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion));
    return byNode;
  }

  /** Ready for at least spec.minReadySeconds; a pod still short of it wakes the controller when it gets there. */
  private available(ds: KubeObject, pod: KubeObject): boolean {
    const ready = readyCondition(pod);
    if (ready?.status !== 'True') return false;
    const minReadyMs = (ds.spec.minReadySeconds ?? 0) * 1000;
    if (minReadyMs === 0) return true;
    const since = Date.parse(ready.lastTransitionTime ?? '') || 0;
    const left = since + minReadyMs - Date.now();
    if (left <= 0) return true;
    this.enqueue(ds.metadata.namespace!, ds.metadata.name, left + 1);
    return false;
  }

  private createPod(ds: KubeObject, node: KubeObject): void {
    const tpl = ds.spec.template;
    const hostIP = (node.status?.addresses as Array<{ type: string; address: string }> | undefined)?.find((a) => a.type === 'InternalIP')?.address ?? '';
    const pod: KubeObject = {
      apiVersion: 'v1', kind: 'Pod',
      metadata: {
        name: this.freshName(ds), generateName: `${ds.metadata.name}-`, namespace: ds.metadata.namespace,
        labels: { ...tpl.metadata?.labels, ...podIdentityLabels(ds) },
        ...(tpl.metadata?.annotations ? { annotations: { ...tpl.metadata.annotations } } : {}),
        ownerReferences: [{ apiVersion: 'extensions/v1beta1', kind: 'DaemonSet', name: ds.metadata.name, uid: ds.metadata.uid, controller: true, blockOwnerDeletion: true }],
      },
      spec: { ...structuredClone(tpl.spec), nodeName: node.metadata.name },
      status: {
        phase: 'Pending', hostIP, startTime: isoNow(),
        conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'False', reason: 'ContainersNotReady' }, { type: 'PodScheduled', status: 'True' }],
        containerStatuses: tpl.spec.containers.map((c: any) => ({ name: c.name, image: c.image, ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } })),
      },
    };
    const created = this.store.create({ ...PODS, namespace: ds.metadata.namespace }, pod);
    this.later(this.podReadyDelayMs, () => this.startPod(created, hostIP));
  }

  /** The kubelet's part: the containers run, the pod is Ready, and its DaemonSet hears of it. */
  private startPod(pod: KubeObject, hostIP: string): void {
    const ref = { ...PODS, namespace: pod.metadata.namespace, name: pod.metadata.name };
    const current = this.store.get(ref);
    if (!current || current.metadata.uid !== pod.metadata.uid) return;
    const now = isoNow();
    current.status = {
      ...current.status, phase: 'Running', podIP: hostIP,
      conditions: [{ type: 'Initialized', status: 'True', lastTransitionTime: now }, { type: 'Ready', status: 'True', lastTransitionTime: now }, { type: 'PodScheduled', status: 'True', lastTransitionTime: now }],
      containerStatuses: current.spec.containers.map((c: any) => ({ name: c.name, image: c.image, ready: true, restartCount: 0, state: { running: { startedAt: now } } })),
    };
    this.store.update(ref, current, { subresource: 'status' });
    const owner = (pod.metadata.ownerReferences as Array<{ name: string }>)[0]!;
    this.enqueue(pod.metadata.namespace!, owner.name);
  }

  private updateStatus(ds: KubeObject, nodes: KubeObject[]): void {
    const podsByNode = this.podsByNode(ds);
    const wanted = new Set(nodes.map((n) => n.metadata.name));
    let current = 0, ready = 0, available = 0, updated = 0, misscheduled = 0;
    for (const [node, pods] of podsByNode) {
      if (!wanted.has(node)) { misscheduled++; continue; }
      const pod = pods[0]!;
      current++;
      if (readyCondition(pod)?.status === 'True') ready++;
      if (this.available(ds, pod)) available++;
      if (isPodUpdated(ds, pod)) updated++;
    }
    const status: Record<string, unknown> = {
      ...ds.status,
      currentNumberScheduled: current, numberMisscheduled: misscheduled, desiredNumberScheduled: nodes.length, numberReady: ready,
      observedGeneration: ds.metadata.generation, updatedNumberScheduled: updated, numberAvailable: available,
      numberUnavailable: nodes.length - available,
    };
    // omitempty in 1.7's DaemonSetStatus: a zero is not served (the four counts above it always are).
    for (const field of ['updatedNumberScheduled', 'numberAvailable', 'numberUnavailable'] as const) if (status[field] === 0) delete status[field];
    if (JSON.stringify(status) === JSON.stringify(ds.status)) return;
    this.store.update({ ...this.dsRef, namespace: ds.metadata.namespace, name: ds.metadata.name }, { ...ds, status }, { subresource: 'status' });
  }

  private freshName(ds: KubeObject): string {
    for (;;) {
      let suffix = '';
      for (let i = 0; i < 5; i++) suffix += NAME_ALPHABET[Math.floor(this.random() * NAME_ALPHABET.length)];
      const name = `${ds.metadata.name}-${suffix}`;
      if (!this.store.get({ ...PODS, namespace: ds.metadata.namespace, name })) return name;
    }
  }
}

/** maxUnavailable: a number, or a percentage of the nodes that should run the pod, rounded up; default 1, never 0. */
export function resolveMaxUnavailable(ds: KubeObject, desired: number): number {
  const raw = ds.spec.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1;
  const value = typeof raw === 'string' && raw.endsWith('%') ? Math.ceil((Number(raw.slice(0, -1)) * desired) / 100) : Number(raw);
  return Number.isFinite(value) && value > 0 ? value : 1;
}

/** The node matches the template's nodeSelector, and its NoSchedule/NoExecute taints are tolerated. */
function shouldRunOn(ds: KubeObject, node: KubeObject): boolean {
  const spec = ds.spec.template?.spec ?? {};
  const labels = node.metadata.labels ?? {};
  if (Object.entries((spec.nodeSelector ?? {}) as Record<string, string>).some(([k, v]) => labels[k] !== v)) return false;
  const tolerations = (spec.tolerations ?? []) as Array<{ key?: string; operator?: string; value?: string; effect?: string }>;
  const taints = (node.spec?.taints ?? []) as Array<{ key: string; value?: string; effect: string }>;
  return taints.filter((t) => t.effect !== 'PreferNoSchedule').every((t) => tolerations.some((tol) =>
    (!tol.effect || tol.effect === t.effect)
    && (tol.operator === 'Exists' ? (!tol.key || tol.key === t.key) : tol.key === t.key && (tol.value ?? '') === (t.value ?? ''))));
}

function readyCondition(pod: KubeObject): { status?: string; lastTransitionTime?: string } | undefined {
  return (pod.status?.conditions as Array<{ type: string; status?: string; lastTransitionTime?: string }> | undefined)?.find((c) => c.type === 'Ready');
}

const byName = (a: KubeObject, b: KubeObject) => a.metadata.name.localeCompare(b.metadata.name);
const isoNow = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
