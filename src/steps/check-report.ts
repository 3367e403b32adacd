// check's Report: one CHECK / STATUS / DETAIL row per check, the missing rules as a ClusterRole ready to apply, the
// verdict and the next command; and the stable JSON shape (documented in README "check").
import * as yaml from 'js-yaml';
import { isEstablished } from '../calico/crds.js';
import type { Flavour } from '../calico/flavour.js';
import { PLUGIN_VERBS, clusterRoleManifest, describeRequest, requestKey, type AccessRequest, type PluginVerb } from '../calico/permissions.js';
import { phaseOf, type PolicyRule, type RolePhase } from '../calico/rbac.js';
import { runsV25, type StateFacts, type StateResult } from '../calico/state.js';
import type { KubeObject } from '../calico/types.js';
import type { Verdict } from '../calico/verdict.js';
import type { VerifyEntry, VerifyStatus } from '../calico/verify.js';
import { calicoNodeImageVersion, formatVersion } from '../calico/version.js';
import type { AccessAnswer } from '../cluster/access.js';
import type { CalicoDaemonSet, CalicoPod } from '../cluster/daemonset.js';
import type { BoundRoles, RbacVersion } from '../cluster/rbac.js';
import type { ServerVersion } from '../kube/discovery.js';
import { cell, line, nextLines, type Line, type Report, type Tone } from '../report/report.js';
import { listSome } from '../calico/list-some.js';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface CheckData {
  kubernetes: { gitVersion: string; major: string; minor: string; thirdPartyResources: boolean; customResourceDefinitions: string | null };
  calico: {
    daemonSet: { namespace: string; name: string; apiVersion: string; serviceAccount: string; container: string; image: string; updateStrategy: string | null; pods: number } | null;
    version: string | null;          // calico/node image tag of the DaemonSet template
    podVersions: Record<string, number>;
    datastoreVersion: string | null; // GlobalConfig / GlobalFelixConfig CalicoVersion
    datastore: string | null;        // kubernetes | etcd
    flavour: Flavour | null;
    clusterType: string | null;
  };
  tprs: Array<{ name: string; kind: string; defined: boolean; objects: number; inNamespace: number }>;
  crds: Array<{ name: string; kind: string; exists: boolean; established: boolean; objects: number }>;
  verify: Record<VerifyStatus, number> | null;
  calicoNodeRole: { roles: string[]; grantsCalicoCrds: boolean; hasTprGrants: boolean; phase: RolePhase } | null;
  permissions: Array<{ verb: PluginVerb; request: string; allowed: boolean | null }>;
  missingRules: PolicyRule[];
  checks: Array<{ check: string; status: CheckStatus; detail: string }>;
  state: StateResult['state'];
  problem: string | null;
  verdict: Verdict;
}

export interface CheckInput {
  namespace: string;
  server: ServerVersion;
  tprApi: boolean;
  crdApi: string | undefined;
  rbacApi: RbacVersion;
  facts: StateFacts;
  state: StateResult;
  verdict: Verdict;
  forbidden: string[];
  ahead: PluginVerb[];
  denied: Partial<Record<PluginVerb, string[]>>;
  missingRules: PolicyRule[];
  daemonSets: CalicoDaemonSet[];
  ds: CalicoDaemonSet | undefined;
  running: CalicoPod[];
  install: { flavour: Flavour; clusterType: string | undefined } | undefined;
  nodeVersion: string | undefined;
  datastoreVersion: string | undefined;
  clusterTypeRecord: string | undefined;
  tprs: CheckData['tprs'];
  crds: Array<{ name: string; kind: string; definition: KubeObject | undefined; objects: number }>;
  verify: VerifyEntry[] | undefined;
  roles: BoundRoles | undefined;
  catalog: Record<PluginVerb, AccessRequest[]>;
  answers: AccessAnswer[] | undefined;
}

const PHASE_TEXT: Record<RolePhase, string> = {
  'v2.4': 'v2.4 rules (TPR access, no crd.projectcalico.org)',
  transitional: 'transitional (Calico v2.5\'s crd.projectcalico.org rule next to v2.4\'s TPR rules, revoked by cleanup)',
  'v2.5': 'v2.5 rules (crd.projectcalico.org, no TPR access)',
  none: 'grants neither TPR access nor crd.projectcalico.org',
};

/** `upgrade` is no verb of the plugin: it is the operator's own kubectl step (set image, delete pods). */
const PERMISSION_ROW: Partial<Record<PluginVerb, string>> = { upgrade: 'calico/node upgrade (kubectl)' };

const VERIFY_STATUSES: VerifyStatus[] = ['match', 'missing', 'differs', 'extra', 'invalid', 'ignored'];
const BEFORE_UPGRADE = new Set(['not-started', 'copied', 'verified']);

export function checkReport(i: CheckInput): Report<CheckData> {
  const checks: CheckData['checks'] = [];
  const add = (check: string, status: CheckStatus, detail: string): void => { checks.push({ check, status, detail }); };
  const { state } = i.state;
  const broken = state === 'broken' || state === 'unsupported';

  add('Kubernetes', !i.crdApi || (!i.tprApi && broken) ? 'fail' : 'ok',
    `${i.server.gitVersion}: ${i.tprApi ? 'TPRs served' : 'no ThirdPartyResource API (1.8+)'}, ${i.crdApi ? `CRDs served (apiextensions.k8s.io/${i.crdApi})` : 'no CRD API (1.6 or older)'}`);
  for (const what of i.forbidden) add('Read access', 'fail', `forbidden: ${what}`);

  if (!i.ds) add('Calico DaemonSet', 'warn', `no DaemonSet in ${i.namespace} runs a calico/node image`);
  else {
    add('Calico DaemonSet', i.daemonSets.length > 1 ? 'warn' : 'ok',
      `${i.namespace}/${i.ds.name} (${i.ds.apiVersion}), service account ${i.ds.serviceAccount}, update strategy ${i.ds.updateStrategy ?? 'OnDelete'}, ${i.running.length} pod(s)`
      + (i.daemonSets.length > 1 ? `; also ${i.daemonSets.slice(1).map((d) => d.name).join(', ')} (only the first is checked)` : ''));
    const pods = podVersions(i.running);
    const mixed = Object.keys(pods).length > 1;
    const v25NoData = state === 'broken' && i.state.problem === 'calico-v25-without-crd-data';
    const early = BEFORE_UPGRADE.has(state) && i.facts.templateVersion !== undefined && runsV25(i.facts);
    const staleOnNoTprs = !i.tprApi && i.facts.templateVersion !== undefined && !runsV25({ templateVersion: i.facts.templateVersion, podVersions: [] });
    add('calico/node version', v25NoData || staleOnNoTprs ? 'fail' : mixed || !i.nodeVersion || early ? 'warn' : 'ok',
      `${i.nodeVersion || `unknown (image ${i.ds.node.image})`} in the template; pods: ${Object.entries(pods).map(([v, n]) => `${n} on ${v}`).join(', ') || 'none'}`
      + (early ? ' (upgraded before the migration finished)' : '') + (staleOnNoTprs ? ' (needs TPRs, which this server no longer serves)' : ''));
  }
  if (i.datastoreVersion !== undefined || i.ds) {
    const differs = i.datastoreVersion && i.nodeVersion && i.datastoreVersion !== i.nodeVersion;
    add('Calico version (datastore)', i.datastoreVersion ? (differs ? 'warn' : 'ok') : 'warn',
      i.datastoreVersion ? `CalicoVersion ${i.datastoreVersion}${differs ? ` (the DaemonSet image is ${i.nodeVersion}; calico/node rewrites it when it starts)` : ''}` : 'no CalicoVersion record found');
  }
  if (i.ds && i.install) {
    const kdd = i.facts.datastore === 'kubernetes';
    add('Datastore', kdd ? 'ok' : 'warn', `${kdd ? 'kubernetes (KDD)' : 'etcd'}: DATASTORE_TYPE=${i.ds.env.DATASTORE_TYPE ?? '(unset)'}, ClusterType ${i.clusterTypeRecord ?? '(no record)'}`);
    add('Flavour', 'ok', `${i.install.flavour} (CLUSTER_TYPE ${i.install.clusterType ?? 'unset'}${i.ds.env.CALICO_NETWORKING_BACKEND ? `, CALICO_NETWORKING_BACKEND ${i.ds.env.CALICO_NETWORKING_BACKEND}` : ''})`);
  }

  if (i.tprApi) {
    for (const t of i.tprs) {
      const elsewhere = t.objects - t.inNamespace;
      add(`TPR ${t.name}`, 'ok', t.defined
        ? `${t.kind}: ${t.inNamespace} object(s) in ${i.namespace}${elsewhere ? `, ${elsewhere} elsewhere (ignored: Calico reads only ${i.namespace})` : ''}`
        : 'not defined');
    }
  }
  if (i.crdApi) {
    for (const c of i.crds) {
      const established = c.definition ? isEstablished(c.definition) : false;
      add(`CRD ${c.name}`, c.definition && !established ? 'warn' : 'ok',
        c.definition ? `${established ? 'Established' : 'not Established'}, ${c.objects} ${c.kind} object(s)` : `absent${BEFORE_UPGRADE.has(state) || state === 'not-started' ? ' (migrate creates it)' : ''}`);
    }
  }
  const verify = i.verify ? summarize(i.verify) : null;
  if (verify) {
    const diff = verify.missing + verify.differs + verify.extra + verify.invalid;
    add('CRD data vs TPR data', diff ? 'warn' : 'ok', VERIFY_STATUSES.map((s) => `${verify[s]} ${s}`).join(', ') + (diff ? ' (verify -o wide shows them)' : ''));
  }
  const cutOff = i.tprApi ? i.facts.v24WithoutTprAccess ?? [] : [];
  if (i.ds) {
    const role = i.facts.role;
    const names = (i.roles?.roles ?? []).map((r) => r.metadata.name);
    const needsV25Role = !BEFORE_UPGRADE.has(state) && state !== 'not-applicable';
    const revokePending = state === 'tprs-removed' && role?.hasTprGrants;
    add('calico/node ClusterRole', !role ? 'warn' : (needsV25Role && !role.grantsCalicoCrds) || cutOff.length ? 'fail' : revokePending ? 'warn' : 'ok', !role
      ? `no ClusterRole bound to service account ${i.namespace}/${i.ds.serviceAccount}`
      : `${names.join(', ')}: ${PHASE_TEXT[phaseOf(role)]}${revokePending ? ' (the TPRs are gone: cleanup --backup DIR revokes the TPR rules)' : ''}`);
  }
  if (cutOff.length) add('calico/node TPR access', 'fail', `no read access to the TPR data for calico/node v2.4: ${abbreviate(cutOff)}`);

  const permissions = permissionRows(i);
  if (!i.answers) add('Permissions', 'warn', 'could not be checked: the server has no SelfSubjectAccessReview API');
  else {
    for (const verb of PLUGIN_VERBS) {
      const denied = i.denied[verb] ?? [];
      const total = new Set(i.catalog[verb].map(requestKey)).size;
      const status: CheckStatus = denied.length === 0 ? 'ok' : i.ahead.includes(verb) && verb !== 'upgrade' ? 'fail' : 'warn';
      add(`Permissions: ${PERMISSION_ROW[verb] ?? verb}`, status, denied.length === 0 ? `all ${total} requests allowed` : `${denied.length} of ${total} denied: ${abbreviate(denied)}`);
    }
  }
  add('Migration state', broken || state === 'unknown' ? 'fail' : 'ok', `${state}: ${i.state.reason}`);

  const lines: Line[] = [];
  if (i.missingRules.length) {
    lines.push(line('Missing permissions, as a ClusterRole to apply (e.g. save as calico-migrate-role.yaml):', 'warn'));
    lines.push(line(yaml.dump(clusterRoleManifest('calico-migrate', i.missingRules, `rbac.authorization.k8s.io/${i.rbacApi}`), { lineWidth: -1, flowLevel: 3 }).trimEnd()));
    lines.push(line(''));
  }
  lines.push(verdictLine(i.verdict, state));
  lines.push(...nextLines(i.verdict.next));

  const data: CheckData = {
    kubernetes: { gitVersion: i.server.gitVersion, major: i.server.major, minor: i.server.minor, thirdPartyResources: i.tprApi, customResourceDefinitions: i.crdApi ?? null },
    calico: {
      daemonSet: i.ds ? { namespace: i.namespace, name: i.ds.name, apiVersion: i.ds.apiVersion, serviceAccount: i.ds.serviceAccount, container: i.ds.node.name, image: i.ds.node.image, updateStrategy: i.ds.updateStrategy ?? null, pods: i.running.length } : null,
      version: i.nodeVersion || null,
      podVersions: podVersions(i.running),
      datastoreVersion: i.datastoreVersion ?? null,
      datastore: i.facts.datastore ?? null,
      flavour: i.install?.flavour ?? null,
      clusterType: i.install?.clusterType ?? i.clusterTypeRecord ?? null,
    },
    tprs: i.tprApi ? i.tprs : [],
    crds: i.crds.map((c) => ({ name: c.name, kind: c.kind, exists: Boolean(c.definition), established: c.definition ? isEstablished(c.definition) : false, objects: c.objects })),
    verify,
    calicoNodeRole: i.facts.role ? { roles: (i.roles?.roles ?? []).map((r) => r.metadata.name), ...i.facts.role, phase: phaseOf(i.facts.role) } : null,
    permissions,
    missingRules: i.missingRules,
    checks,
    state,
    problem: i.state.problem ?? null,
    verdict: i.verdict,
  };
  const TONE: Record<CheckStatus, Tone> = { ok: 'ok', warn: 'warn', fail: 'fail' };
  return {
    verb: 'check',
    outcome: i.verdict.exitCode === 0 ? 'ok' : i.verdict.exitCode === 1 ? 'negative' : 'refused',
    tables: [{
      columns: [{ key: 'check', header: 'CHECK' }, { key: 'status', header: 'STATUS' }, { key: 'detail', header: 'DETAIL' }],
      rows: checks.map((c) => ({ check: c.check, status: cell(c.status, TONE[c.status]), detail: c.detail })),
    }],
    lines,
    data,
  };
}

/** At most four requests in a table cell; -o json lists every one. */
function abbreviate(items: readonly string[]): string {
  return items.length <= 4 ? items.join(', ') : `${listSome(items, 4)} (-o json lists all)`;
}

function verdictLine(v: Verdict, state: string): Line {
  if (v.needed === null) return line(`Verdict: cannot tell (state ${state}): ${v.reason}.`, 'fail');
  if (v.exitCode === 0) return line(`Verdict: the migration is needed and can run (state ${state}): ${v.reason}.`, 'ok');
  if (v.exitCode === 1) return line(`Verdict: not needed: ${v.reason}.`, 'info');
  return line(`Verdict: needed but blocked (state ${state}): ${v.reason}.`, 'fail');
}

function podVersions(pods: CalicoPod[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of pods) {
    const v = p.image ? calicoNodeImageVersion(p.image) : undefined;
    const key = v ? formatVersion(v) : `unknown (${p.image ?? 'no image'})`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

function summarize(entries: VerifyEntry[]): Record<VerifyStatus, number> {
  return Object.fromEntries(VERIFY_STATUSES.map((s) => [s, entries.filter((e) => e.status === s).length])) as Record<VerifyStatus, number>;
}

function permissionRows(i: CheckInput): CheckData['permissions'] {
  const allowed = new Map((i.answers ?? []).map((a) => [requestKey(a.request), a.allowed]));
  return PLUGIN_VERBS.flatMap((verb) => i.catalog[verb].map((r) => ({ verb, request: describeRequest(r), allowed: allowed.get(requestKey(r)) ?? null })));
}
