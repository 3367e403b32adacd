// check's verdict (README, `check`): is the migration needed, can the caller run its next steps, and the exact
// next command. Exit 0 = needed and ready, 1 = not needed, 2 = needed but blocked. Pure.
import type { PluginVerb } from './permissions.js';
import type { StateResult } from './state.js';

export interface Verdict {
  /** null when the caller may not read enough to tell. */
  needed: boolean | null;
  ready: boolean;
  exitCode: 0 | 1 | 2;
  reason: string;
  /** What to do next, in order, as a person reads it (the first one is "the next command"). */
  next: string[];
  /** The same steps' commands, whole, each with why (none for a step that is prose only). */
  commands: NextCommand[];
}

export interface NextCommand { command: string; why: string }

/** A step to do next: the line a person reads, and the commands in it (as data: never read back out of the text). */
export interface NextStep { text: string; commands: NextCommand[] }

/** A command as a step; its line is "command (why)" unless given. */
export const step = (command: string, why = '', text = why ? `${command} (${why})` : command): NextStep => ({ text, commands: [{ command, why }] });
/** A step without a command to run as it is. */
export const prose = (text: string): NextStep => ({ text, commands: [] });
/** Steps as the lines a person reads, and as the commands they hold. */
export const stepTexts = (steps: readonly NextStep[]): string[] => steps.map((s) => s.text);
export const stepCommands = (steps: readonly NextStep[]): NextCommand[] => steps.flatMap((s) => s.commands);

export interface VerdictInput {
  state: StateResult;
  /** Requests the caller is denied, per verb (only verbs with at least one denial). */
  denied: Partial<Record<PluginVerb, string[]>>;
  /** Whether the access reviews could be made at all (no SelfSubjectAccessReview API → not known). */
  permissionsKnown: boolean;
  namespace: string;
  /** Whether Calico TPR data is still readable (decides the fix for calico#1052). */
  hasTprData: boolean;
  /** For the calico/node upgrade instructions; absent when no DaemonSet was found. */
  daemonSet?: { name: string; container: string; image: string; updateStrategy?: string };
  /** Per namespace holding a calico/node v2.4 without TPR access: the plugin command line for that namespace. */
  tprAccessFixes?: Array<{ namespace: string; cli: string }>;
  /** `kubectl calico-migrate` and `kubectl` with the connection flags the user passed. */
  cli?: string;
  kubectl?: string;
}

export const TARGET_NODE_VERSION = 'v2.5.1';

/** The plugin verbs still to run from a state (the fix, for a broken one); all must be allowed for "ready". */
export function verbsAhead(state: StateResult, hasTprData: boolean): PluginVerb[] {
  switch (state.state) {
    case 'not-started': case 'copied': return ['backup', 'migrate', 'verify', 'rbac', 'upgrade', 'cleanup'];
    case 'verified': return ['rbac', 'upgrade', 'cleanup'];
    case 'rbac-updated': return ['upgrade', 'cleanup'];
    case 'calico-upgraded': return ['cleanup'];
    case 'broken':
      if (state.problem === 'calico-v24-without-tpr-access') return hasTprData ? ['rbac'] : ['upgrade'];
      return state.problem === 'calico-v25-without-crd-data' && hasTprData ? ['migrate', 'rbac'] : ['restore', 'rbac'];
    case 'unknown': return ['check', 'backup', 'migrate', 'verify', 'rbac', 'cleanup'];
    default: return [];
  }
}

/** Steps the operator may do with another identity (kubectl by hand): a denial there is a warning, not a block. */
const MANUAL_VERBS: ReadonlySet<PluginVerb> = new Set(['upgrade']);

/** `quay.io/calico/node:v2.4.1` → `quay.io/calico/node:v2.5.1` (same registry, new tag). */
export function upgradedImage(image: string): string {
  const repo = image.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
  return `${repo}:${TARGET_NODE_VERSION}`;
}

/** How to upgrade calico/node (docs/calico-data.md#official-job step 4): new image; with OnDelete, the pods one at a time. */
export function upgradeCommands(namespace: string, ds: NonNullable<VerdictInput['daemonSet']>, kubectl = 'kubectl'): NextStep[] {
  const set = `${kubectl} -n ${namespace} set image daemonset/${ds.name} ${ds.container}=${upgradedImage(ds.image)}`;
  const upgrade = step(set, `upgrade calico/node to ${TARGET_NODE_VERSION}`, set);
  if (ds.updateStrategy === 'RollingUpdate') return [upgrade];
  const strategy = ds.updateStrategy ?? 'OnDelete';
  const deletePod = `${kubectl} -n ${namespace} delete pod NAME`;
  return [upgrade, step(deletePod, `the update strategy is ${strategy}: for each ${ds.name} pod (NAME), one at a time, once the previous one's replacement is Ready`,
    `then, as the update strategy is ${strategy}, delete the ${ds.name} pods one at a time (${deletePod}), waiting for each new pod to be Ready`)];
}

const upgradeSteps = (input: VerdictInput, kubectl: string): NextStep[] =>
  (input.daemonSet ? upgradeCommands(input.namespace, input.daemonSet, kubectl) : [prose(`upgrade calico/node to ${TARGET_NODE_VERSION}`)]);

export function decideVerdict(input: VerdictInput): Verdict {
  const cli = input.cli ?? 'kubectl calico-migrate';
  const kubectl = input.kubectl ?? 'kubectl';
  const { state, reason, problem } = input.state;
  const verdict = (v: Omit<Verdict, 'next' | 'commands'>, steps: NextStep[]): Verdict => ({ ...v, next: stepTexts(steps), commands: stepCommands(steps) });
  const blocked = (why: string, steps: NextStep[]): Verdict => verdict({ needed: true, ready: false, exitCode: 2, reason: why }, steps);
  switch (state) {
    case 'not-applicable':
      return verdict({ needed: false, ready: false, exitCode: 1, reason }, []);
    case 'tprs-removed':
      // calico/node needs nothing more; kept SystemNetworkPolicies are the operator's choice, but a choice to make now.
      return verdict({ needed: false, ready: false, exitCode: 1, reason }, input.state.keptSnps ? snpCommands(cli) : []);
    case 'unsupported':
      return blocked(reason, [prose('upgrade Kubernetes to 1.7 (TPRs still work there), then run check again')]);
    case 'unknown':
      return { ...blocked(`${reason}: grant the rules printed above`, grantCommands(cli)), needed: null };
    case 'broken':
      if (problem === 'tpr-api-removed') {
        return blocked(`${reason}. Restore the data into CRDs from a backup taken on 1.7, then upgrade calico/node to ${TARGET_NODE_VERSION}`,
          [step(`${cli} restore --target crd --backup DIR`), step(`${cli} rbac`), ...(input.daemonSet ? upgradeCommands(input.namespace, input.daemonSet, kubectl) : [])]);
      }
      if (problem === 'calico-v24-without-tpr-access') {
        return input.hasTprData
          ? blocked(`${reason}. Give calico/node's role its TPR rules back next to the CRD rules (rbac does; cleanup revokes them once the TPRs are gone)`,
            (input.tprAccessFixes?.length ? input.tprAccessFixes : [{ namespace: input.namespace, cli }]).map((f) => step(`${f.cli} rbac`)))
          : blocked(`${reason}. Its TPR data is gone: finish the calico/node upgrade to ${TARGET_NODE_VERSION}`,
            upgradeSteps(input, kubectl));
      }
      return input.hasTprData
        ? blocked(`${reason}. The TPR data is still there: copy it now (calico/node retries), or downgrade calico/node to v2.4.1`, [step(`${cli} migrate`), step(`${cli} rbac`)])
        : blocked(`${reason}. Write the CRD data from a backup, or downgrade calico/node to v2.4.1`, [step(`${cli} restore --target crd --backup DIR`), step(`${cli} rbac`)]);
    default:
      break;
  }
  const missing = verbsAhead(input.state, input.hasTprData).filter((v) => !MANUAL_VERBS.has(v) && (input.denied[v] ?? []).length > 0);
  if (missing.length > 0) {
    return blocked(`the migration is needed (${state}) but the caller lacks permissions for: ${missing.join(', ')}; grant the rules printed above`, grantCommands(cli));
  }
  return verdict({ needed: true, ready: true, exitCode: 0, reason: `${reason}${input.permissionsKnown ? '' : ' (permissions could not be checked)'}` }, nextSteps(state, input, cli, kubectl));
}

function nextSteps(state: StateResult['state'], input: VerdictInput, cli: string, kubectl: string): NextStep[] {
  switch (state) {
    case 'not-started': return [step(`${cli} run`), prose(`(or step by step: ${cli} backup, then migrate, verify, rbac)`)];
    case 'copied': return [step(`${cli} migrate`), step(`${cli} verify`), prose('(add --overwrite to migrate to replace CRD objects that differ, after reading verify -o wide)')];
    case 'verified': return [step(`${cli} rbac`)];
    case 'rbac-updated': return upgradeSteps(input, kubectl);
    case 'calico-upgraded': return [step(`${cli} cleanup --backup DIR`)];
    default: return [];
  }
}

/** What makes SystemNetworkPolicies left in their TPR safe from Kubernetes 1.8: GlobalNetworkPolicies, then cleanup. */
export function snpCommands(cli: string): NextStep[] {
  return [step(`${cli} migrate --include-snp`, 'copies them to GlobalNetworkPolicies'), step(`${cli} verify`), step(`${cli} cleanup --backup DIR`)];
}

/** What every summary that says "done" adds while SystemNetworkPolicies were left out: how many, their fate, the command. */
export function snpsLeftOut(count: number, migrateIncludeSnp: string): string {
  return `${count} SystemNetworkPolicy(s) not migrated: they stay in their TPR (cleanup keeps it), which Kubernetes 1.8 deletes with its data; to keep them as GlobalNetworkPolicies: ${migrateIncludeSnp}`;
}

function grantCommands(cli: string): NextStep[] {
  const apply = 'kubectl apply -f calico-migrate-role.yaml';
  const why = 'the ClusterRole printed above, applied by a cluster admin';
  return [
    step(apply, why, `${apply}   (${why})`),
    step('kubectl create clusterrolebinding calico-migrate --clusterrole=calico-migrate --user=YOUR_USER'),
    step(`${cli} check`),
  ];
}
