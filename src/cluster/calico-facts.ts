// Facts about the Calico installation read from its own data: the calico/node version of the DaemonSet image, and
// the ClusterGUID / CalicoVersion records calico/node keeps in global Felix config (docs/calico-data.md#v24-keys, #detection).
import { calicoNodeImageVersion, formatVersion } from '../calico/version.js';
import type { KubeObject } from '../calico/types.js';
import type { CalicoDaemonSet } from './daemonset.js';

/** A GlobalConfig / GlobalFelixConfig value by key (spec.name), from the Calico namespace only. */
export function globalConfigValue(objects: readonly KubeObject[], key: string, namespace?: string): string | undefined {
  const found = objects.find((o) => (namespace === undefined || (o.metadata.namespace ?? namespace) === namespace)
    && (o.spec as { name?: unknown } | undefined)?.name === key);
  const value = (found?.spec as { value?: unknown } | undefined)?.value;
  return typeof value === 'string' ? value : undefined;
}

/** The calico/node version the DaemonSet template runs, e.g. "v2.4.1"; '' when unknown. */
export function daemonSetCalicoVersion(ds: CalicoDaemonSet | undefined): string {
  const v = ds ? calicoNodeImageVersion(ds.node.image) : undefined;
  return v ? formatVersion(v) : '';
}
