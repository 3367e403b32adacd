// Which resources are served right now: the mode's built-ins, every TPR's data, every Established CRD.
import { builtinResources, type ResourceInfo } from './builtins.js';
import { crdResourceInfos } from './crd.js';
import { tprResourceInfo } from './tpr.js';
import type { KubeObject, ServerMode } from './types.js';

export interface GroupVersionResources {
  group: string;
  version: string;
  resources: ResourceInfo[];
}

export class Registry {
  private readonly builtins: ResourceInfo[];
  private byPath = new Map<string, ResourceInfo>();
  private ordered: GroupVersionResources[] = [];
  private dirty = true;

  constructor(
    readonly mode: ServerMode,
    private readonly definitions: () => { tprs: KubeObject[]; crds: KubeObject[] },
  ) {
    this.builtins = builtinResources(mode);
  }

  /** Called by the store whenever a TPR or CRD changes. */
  invalidate(): void { this.dirty = true; }

  get servesTprs(): boolean { return this.mode === '1.6' || this.mode === '1.7'; }

  resolve(group: string, version: string, resource: string): ResourceInfo | undefined {
    this.rebuild();
    return this.byPath.get(`${group}/${version}/${resource}`);
  }

  /** Group-versions in discovery order. */
  groupVersions(): GroupVersionResources[] {
    this.rebuild();
    return this.ordered;
  }

  /** Any served version of a storage key (used to address seeded objects and RBAC lookups). */
  findByKind(apiVersion: string, kind: string): ResourceInfo | undefined {
    this.rebuild();
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') as [string, string] : ['', apiVersion];
    for (const gv of this.ordered) {
      if (gv.group !== group || gv.version !== version) continue;
      const hit = gv.resources.find((r) => r.kind === kind);
      if (hit) return hit;
    }
    // Seeding a scenario into another mode: same group at another version, then the kind anywhere (DaemonSet → apps/v1).
    const sameGroup = this.ordered.find((gv) => gv.group === group && gv.resources.some((r) => r.kind === kind));
    if (sameGroup) return sameGroup.resources.find((r) => r.kind === kind);
    for (const gv of this.ordered) for (const r of gv.resources) if (r.kind === kind && r.source === 'builtin') return r;
    return undefined;
  }

  private rebuild(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const all: ResourceInfo[] = [...this.builtins];
    const { tprs, crds } = this.definitions();
    const taken = new Set(all.map((r) => `${r.group}/${r.version}/${r.resource}`));
    if (this.servesTprs) {
      for (const t of tprs) {
        const info = tprResourceInfo(t);
        const key = info && `${info.group}/${info.version}/${info.resource}`;
        if (info && key && !taken.has(key)) { all.push(info); taken.add(key); }
      }
    }
    // TPRs take precedence over CRDs serving the same resource (1.7).
    for (const c of crds) {
      for (const info of crdResourceInfos(c, this.mode)) {
        const key = `${info.group}/${info.version}/${info.resource}`;
        if (!taken.has(key)) { all.push(info); taken.add(key); }
      }
    }
    this.byPath = new Map(all.map((r) => [`${r.group}/${r.version}/${r.resource}`, r]));
    const gvs = new Map<string, GroupVersionResources>();
    for (const r of all) {
      const k = `${r.group}/${r.version}`;
      if (!gvs.has(k)) gvs.set(k, { group: r.group, version: r.version, resources: [] });
      gvs.get(k)!.resources.push(r);
    }
    this.ordered = [...gvs.values()];
  }
}
