// Shared shapes of the simulated API server. Kept dependency-free so scenarios and tests can import them cheaply.

export type ServerMode = '1.6' | '1.7' | '1.8' | 'modern';

/** Any Kubernetes object as JSON. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    selfLink?: string;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
    [key: string]: unknown;
  };
  [key: string]: any;
}

/** Addresses one object: group '' is the core API. */
export interface ObjectRef {
  group: string;
  version: string;
  resource: string;
  namespace?: string;
  name: string;
}

/** Addresses a collection. */
export interface ResourceRef {
  group: string;
  version: string;
  resource: string;
}

export interface UserInfo {
  name: string;
  groups: string[];
  /** Set by Impersonate-Uid / Impersonate-Extra-* (an admin impersonating). */
  uid?: string;
  extra?: Record<string, string[]>;
}

export interface ScenarioUser {
  token: string;
  groups: string[];
}

/** A cluster as a plain description: objects in creation order (TPRs before their data, CRDs before CRs). */
export interface Scenario {
  name: string;
  mode: ServerMode;
  description: string;
  objects: KubeObject[];
  /** Token users; 'admin' is always present and bypasses RBAC through system:masters. */
  users: Record<string, ScenarioUser>;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject;
  /** Storage key (`group/resource`) the event belongs to. */
  storageKey: string;
  rv: number;
}
