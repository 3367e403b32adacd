// Reading and merging kubeconfig files the way client-go's clientcmd loader does (not client-node's loadFromDefault):
// missing files are skipped, the first file to set current-context or define a name wins, duplicates are not errors,
// and relative paths resolve against the directory of the file that holds them.
import fs from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { formatBytes, MAX_CONFIG_FILE_BYTES, readFileCapped } from './read-capped.js';

export class KubeconfigError extends Error {
  override name = 'KubeconfigError';
}

export interface ExecConfig {
  command: string;
  args?: string[];
  env?: { name: string; value: string }[];
  apiVersion?: string;
  [key: string]: unknown;
}

export interface RawCluster {
  server?: string; caFile?: string; caData?: string; insecure: boolean; tlsServerName?: string; proxyUrl?: string;
  /** The extension named client.authentication.k8s.io/exec, given to exec plugins with provideClusterInfo. */
  execExtension?: unknown;
}
export interface RawUser {
  token?: string; tokenFile?: string; certFile?: string; certData?: string; keyFile?: string; keyData?: string;
  exec?: ExecConfig; authProvider?: Record<string, unknown>; username?: string; password?: string;
  as?: string; asGroups: string[]; asUid?: string;
  /** as-user-extra: extra fields of the impersonated user, key → values. */
  asExtra: Record<string, string[]>;
}
export interface RawContext { cluster: string; user: string; namespace?: string }

/** An entry with the file that defined it (first definition wins), for error messages. */
export interface Named<T> { name: string; file: string; value: T }

export interface MergedConfig {
  files: string[];            // files actually read, in order
  missing: string[];          // listed files that do not exist (skipped)
  clusters: Map<string, Named<RawCluster>>;
  users: Map<string, Named<RawUser>>;
  contexts: Map<string, Named<RawContext>>;
  currentContext: string;
  currentContextFile: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Typed field access that names the file and field when the shape is wrong. */
class Reader {
  constructor(private readonly file: string, private readonly dir: string, private readonly platform: NodeJS.Platform) {}

  fail(where: string, what: string): never {
    throw new KubeconfigError(`kubeconfig ${this.file} is not valid: ${where} ${what}; fix the file or point KUBECONFIG/--kubeconfig elsewhere`);
  }
  str(obj: Record<string, unknown>, key: string, where: string): string | undefined {
    const v = obj[key];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') this.fail(`${where}.${key}`, 'must be a string');
    return v;
  }
  bool(obj: Record<string, unknown>, key: string, where: string): boolean {
    const v = obj[key];
    if (v === undefined || v === null) return false;
    if (typeof v !== 'boolean') this.fail(`${where}.${key}`, 'must be true or false');
    return v;
  }
  strList(obj: Record<string, unknown>, key: string, where: string): string[] | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string')) this.fail(`${where}.${key}`, 'must be a list of strings');
    return v;
  }
  record(v: unknown, where: string): Record<string, unknown> {
    if (v === undefined || v === null) return {};
    if (!isRecord(v)) this.fail(where, 'must be a mapping');
    return v;
  }
  /** kubectl resolves certificate, key, token and CA file paths against the kubeconfig's own directory. */
  path(p: string | undefined): string | undefined {
    if (p === undefined || path.isAbsolute(p)) return p;
    return path.join(this.dir, p);
  }
  /** An exec command is a path only when it contains a separator; a bare name is looked up on PATH. */
  command(cmd: string): string {
    const hasSep = cmd.includes('/') || (this.platform === 'win32' && cmd.includes('\\'));
    return hasSep ? (this.path(cmd) ?? cmd) : cmd;
  }
  /** Named list entries: `- name: x\n  <key>: {...}`. */
  entries(doc: Record<string, unknown>, list: string, key: string): { name: string; body: Record<string, unknown>; where: string }[] {
    const v = doc[list];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.fail(list, 'must be a list');
    return v.map((item: unknown, i: number) => {
      const where = `${list}[${i}]`;
      const rec = this.record(item, where);
      const name = this.str(rec, 'name', where);
      if (name === undefined) this.fail(`${where}.name`, 'is missing');
      return { name, body: this.record(rec[key], `${where}.${key}`), where: `${where}.${key}` };
    });
  }
}

function parseCluster(r: Reader, c: Record<string, unknown>, where: string): RawCluster {
  return {
    server: r.str(c, 'server', where),
    caFile: r.path(r.str(c, 'certificate-authority', where)),
    caData: r.str(c, 'certificate-authority-data', where),
    insecure: r.bool(c, 'insecure-skip-tls-verify', where),
    tlsServerName: r.str(c, 'tls-server-name', where),
    proxyUrl: r.str(c, 'proxy-url', where),
    execExtension: Array.isArray(c.extensions)
      ? (c.extensions as unknown[]).find((x): x is { name: string; extension?: unknown } => isRecord(x) && x.name === 'client.authentication.k8s.io/exec')?.extension
      : undefined,
  };
}

function parseExec(r: Reader, u: Record<string, unknown>, where: string): ExecConfig | undefined {
  if (u.exec === undefined || u.exec === null) return undefined;
  const e = r.record(u.exec, `${where}.exec`);
  const command = r.str(e, 'command', `${where}.exec`);
  if (command === undefined) r.fail(`${where}.exec.command`, 'is missing');
  // kubectl requires it too: it picks the ExecCredential version the plugin must answer with.
  if (r.str(e, 'apiVersion', `${where}.exec`) === undefined) r.fail(`${where}.exec.apiVersion`, 'is missing');
  const env = e.env;
  if (env !== undefined && env !== null) {
    const ok = Array.isArray(env) && env.every((x) => isRecord(x) && typeof x.name === 'string' && typeof x.value === 'string');
    if (!ok) r.fail(`${where}.exec.env`, 'must be a list of {name, value} strings');
  }
  r.strList(e, 'args', `${where}.exec`);
  // Keep every other field (installHint, provideClusterInfo, interactiveMode…) for exec-plugin.ts.
  return { ...e, command: r.command(command) };
}

function parseUser(r: Reader, u: Record<string, unknown>, where: string): RawUser {
  const authProvider = u['auth-provider'];
  return {
    token: r.str(u, 'token', where),
    tokenFile: r.path(r.str(u, 'tokenFile', where)),
    certFile: r.path(r.str(u, 'client-certificate', where)),
    certData: r.str(u, 'client-certificate-data', where),
    keyFile: r.path(r.str(u, 'client-key', where)),
    keyData: r.str(u, 'client-key-data', where),
    exec: parseExec(r, u, where),
    authProvider: authProvider === undefined || authProvider === null ? undefined : r.record(authProvider, `${where}.auth-provider`),
    username: r.str(u, 'username', where),
    password: r.str(u, 'password', where),
    as: r.str(u, 'as', where),
    asGroups: r.strList(u, 'as-groups', where) ?? [],
    asUid: r.str(u, 'as-uid', where),
    asExtra: Object.fromEntries(Object.keys(r.record(u['as-user-extra'], `${where}.as-user-extra`))
      .map((k) => [k, r.strList(u['as-user-extra'] as Record<string, unknown>, k, `${where}.as-user-extra`) ?? []])),
  };
}

function parseContext(r: Reader, c: Record<string, unknown>, where: string): RawContext {
  return { cluster: r.str(c, 'cluster', where) ?? '', user: r.str(c, 'user', where) ?? '', namespace: r.str(c, 'namespace', where) };
}

export function emptyMerged(): MergedConfig {
  return { files: [], missing: [], clusters: new Map(), users: new Map(), contexts: new Map(), currentContext: '', currentContextFile: '' };
}

/** Parses one file's text and merges it into `into`; names already defined by an earlier file are kept. */
export function mergeFile(into: MergedConfig, file: string, text: string, platform: NodeJS.Platform): void {
  let doc: unknown = null;
  try {
    // js-yaml 5 rejects an empty document; client-go reads an empty (or comment-only) file as an empty config.
    if (/^[^\S\n]*[^#\s]/m.test(text)) doc = load(text);
  } catch (err) {
    const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    throw new KubeconfigError(`kubeconfig ${file} is not valid YAML (${reason}); fix the file or point KUBECONFIG/--kubeconfig elsewhere`);
  }
  const r = new Reader(file, path.dirname(file), platform);
  // An empty file is a valid, empty kubeconfig (client-go agrees).
  const d = r.record(doc, 'the document');
  into.files.push(file);
  const cur = r.str(d, 'current-context', 'the document');
  if (cur !== undefined && into.currentContext === '') {
    into.currentContext = cur;
    into.currentContextFile = file;
  }
  const add = <T>(map: Map<string, Named<T>>, name: string, value: T): void => {
    if (!map.has(name)) map.set(name, { name, file, value });
  };
  for (const e of r.entries(d, 'clusters', 'cluster')) add(into.clusters, e.name, parseCluster(r, e.body, e.where));
  for (const e of r.entries(d, 'users', 'user')) add(into.users, e.name, parseUser(r, e.body, e.where));
  for (const e of r.entries(d, 'contexts', 'context')) add(into.contexts, e.name, parseContext(r, e.body, e.where));
}

/**
 * Reads `paths` in order. `explicit` (--kubeconfig) makes a missing file an error; otherwise only ENOENT is skipped and
 * any other read error is reported. `lenient` skips every unreadable or invalid file (shell completion must not fail).
 */
export function loadFiles(paths: string[], explicit: boolean, platform: NodeJS.Platform, lenient = false): MergedConfig {
  const merged = emptyMerged();
  for (const file of paths) {
    let text: string;
    try {
      text = readFileCapped(file).toString('utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (lenient) continue;
      if (code === 'ENOENT' && !explicit) {
        merged.missing.push(file);
        continue;
      }
      const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory'
        : code === 'EFBIG' ? `is larger than ${formatBytes(MAX_CONFIG_FILE_BYTES)}: not a kubeconfig` : `cannot be read (${code || String(err)})`;
      throw new KubeconfigError(`kubeconfig ${file} ${why}; check --kubeconfig / KUBECONFIG`);
    }
    if (!lenient) {
      mergeFile(merged, file, text, platform);
      continue;
    }
    // Merge into a scratch copy so a file that fails halfway leaves no partial entries behind.
    const scratch = emptyMerged();
    try {
      mergeFile(scratch, file, text, platform);
    } catch {
      continue;
    }
    merged.files.push(file);
    if (merged.currentContext === '' && scratch.currentContext !== '') {
      merged.currentContext = scratch.currentContext;
      merged.currentContextFile = file;
    }
    for (const [k, v] of scratch.clusters) if (!merged.clusters.has(k)) merged.clusters.set(k, v);
    for (const [k, v] of scratch.users) if (!merged.users.has(k)) merged.users.set(k, v);
    for (const [k, v] of scratch.contexts) if (!merged.contexts.has(k)) merged.contexts.set(k, v);
  }
  return merged;
}

export type SourceKind = '--kubeconfig' | 'KUBECONFIG' | 'home' | 'none';
export interface Sources { kind: SourceKind; paths: string[] }

function homeDirFromEnv(env: Record<string, string | undefined>, platform: NodeJS.Platform): string | undefined {
  if (platform !== 'win32') return env.HOME || undefined;
  // client-go on Windows: the first of HOME, HOMEDRIVE+HOMEPATH, USERPROFILE holding .kube\config, else the first set.
  const drivePath = env.HOMEDRIVE && env.HOMEPATH ? env.HOMEDRIVE + env.HOMEPATH : undefined;
  const candidates = [env.HOME, drivePath, env.USERPROFILE].filter((d): d is string => Boolean(d));
  return candidates.find((d) => fs.existsSync(path.join(d, '.kube', 'config'))) ?? candidates[0];
}

/** Which files kubectl would read: --kubeconfig alone, else the KUBECONFIG list, else ~/.kube/config. */
export function kubeconfigSources(kubeconfig: string | undefined, env: Record<string, string | undefined>,
  platform: NodeJS.Platform, homeDir?: string): Sources {
  if (kubeconfig) return { kind: '--kubeconfig', paths: [path.resolve(kubeconfig)] };
  const list = env.KUBECONFIG;
  if (list) {
    const parts = list.split(platform === 'win32' ? ';' : ':').filter((p) => p !== '');
    return { kind: 'KUBECONFIG', paths: [...new Set(parts)] };
  }
  const home = homeDir ?? homeDirFromEnv(env, platform);
  return home ? { kind: 'home', paths: [path.join(home, '.kube', 'config')] } : { kind: 'none', paths: [] };
}
