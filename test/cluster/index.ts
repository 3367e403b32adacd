// startCluster(): an in-memory Kubernetes API server speaking 1.7's TPR and CRD APIs, seeded with a Calico scenario.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { DEFAULT_GIT_VERSION } from './builtins.js';
import { DaemonSetController } from './daemonset-controller.js';
import type { FaultOptions } from './faults.js';
import { Faults } from './faults.js';
import { kubeconfigYaml } from './kubeconfig.js';
import type { OidcAuthenticator } from './oidc.js';
import { RequestLog, type RequestLogEntry } from './requestlog.js';
import { buildScenario, type ScenarioName } from './scenarios/index.js';
import { SecondWriters, type SecondWriter, type SecondWriterOptions, type RequestInfo } from './second-writer.js';
import { createInsecureServer, createServer } from './server.js';
import { Store } from './store.js';
import { loadPki } from './tls.js';
import type { Scenario, ServerMode } from './types.js';

export type { FaultOptions } from './faults.js';
export type { RequestLogEntry } from './requestlog.js';
export { openToEveryone, type RequestAttributes } from './rbac.js';
export type { SecondWriter, SecondWriterOptions, RequestInfo } from './second-writer.js';
export type { ScenarioName } from './scenarios/index.js';
export type { KubeObject, ObjectRef, ResourceRef, Scenario, ServerMode } from './types.js';
export { Store } from './store.js';
export { buildScenario } from './scenarios/index.js';
export { generateScenario } from './scenarios/generate.js';

export interface ClusterOptions {
  scenario?: ScenarioName | Scenario;
  mode?: ServerMode;
  gitVersion?: string;
  crdEstablishDelayMs?: number;
  /** How long a pod the DaemonSet controller creates takes to become Ready (default 50). */
  podReadyDelayMs?: number;
  faults?: FaultOptions;
  port?: number;
  /** The loopback address to listen on: 127.0.0.1 (default) or ::1 (url https://[::1]:port). */
  host?: '127.0.0.1' | '::1';
  /** Also serve 1.7's insecure port (plain HTTP, no authentication) on 127.0.0.1, at `insecureUrl`. */
  insecurePort?: boolean;
  dir?: string;
  lifetimeMs?: number;
  /** Also accept id-tokens from this OIDC issuer (kube-apiserver's --oidc-issuer-url, --oidc-client-id …). */
  oidc?: OidcAuthenticator;
}

export interface Cluster {
  url: string;
  /** http://127.0.0.1:port of the insecure port, when `insecurePort` was asked for. */
  insecureUrl?: string;
  kubeconfigPath: string;
  caPath: string;
  dir: string;
  mode: ServerMode;
  scenario: string;
  users: Record<string, { token: string; groups: string[] }>;
  state: Store;
  requests: RequestLogEntry[];
  writes(): RequestLogEntry[];
  setFaults(faults: FaultOptions | null): void;
  /** A second writer: `act` runs against the store when a request matching `when` arrives (see second-writer.ts). */
  onRequest(when: SecondWriterOptions, act: (store: Store, req: RequestInfo) => unknown): SecondWriter;
  stop(): Promise<void>;
}

export async function startCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  const scenario = typeof opts.scenario === 'object' ? opts.scenario : buildScenario(opts.scenario ?? 'calico-v2.4');
  const mode = opts.mode ?? scenario.mode;
  const store = new Store({ mode, crdEstablishDelayMs: opts.crdEstablishDelayMs ?? 50 });
  store.seed(scenario.objects);
  const daemonSets = new DaemonSetController(store, { podReadyDelayMs: opts.podReadyDelayMs });
  const pki = loadPki();
  const log = new RequestLog();
  const secondWriters = new SecondWriters();
  const running = createServer({
    secondWriters,
    store, pki, users: scenario.users, gitVersion: opts.gitVersion ?? DEFAULT_GIT_VERSION[mode], log,
    faults: opts.faults ? new Faults(opts.faults) : null, oidc: opts.oidc,
  });
  await new Promise<void>((resolve, reject) => {
    running.server.once('error', reject);
    running.server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (running.server.address() as AddressInfo).port;
  const url = opts.host === '::1' ? `https://[::1]:${port}` : `https://127.0.0.1:${port}`;
  const insecure = opts.insecurePort ? createInsecureServer({ secondWriters, store, pki, users: scenario.users, gitVersion: opts.gitVersion ?? DEFAULT_GIT_VERSION[mode], log, faults: null }) : undefined;
  if (insecure) {
    await new Promise<void>((resolve, reject) => {
      insecure.server.once('error', reject);
      insecure.server.listen(0, '127.0.0.1', () => resolve());
    });
    insecure.server.unref();
  }
  const insecureUrl = insecure ? `http://127.0.0.1:${(insecure.server.address() as AddressInfo).port}` : undefined;
  const ownDir = opts.dir === undefined;
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'fake-kube-'));
  mkdirSync(dir, { recursive: true });
  const caPath = join(dir, 'ca.crt');
  const kubeconfigPath = join(dir, 'kubeconfig');
  writeFileSync(caPath, pki.ca);
  writeFileSync(kubeconfigPath, kubeconfigYaml(url, pki, scenario.users), { mode: 0o600 });

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      clearTimeout(lifetime);
      daemonSets.stop();
      store.stop();
      await running.close();
      await insecure?.close();
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    })();
    return stopped;
  };
  // A forgotten server must never keep the test process alive.
  const lifetime = setTimeout(() => { void stop(); }, opts.lifetimeMs ?? 10 * 60_000);
  lifetime.unref();
  running.server.unref();

  return {
    url, insecureUrl, kubeconfigPath, caPath, dir, mode, scenario: scenario.name, users: scenario.users, state: store,
    requests: log.entries,
    writes: () => log.writes(),
    setFaults: (f) => running.setFaults(f),
    onRequest: (when, act) => secondWriters.add(when, act),
    stop,
  };
}
