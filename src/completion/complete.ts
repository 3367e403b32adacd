// The completion engine: the words typed after the plugin name (the last one being completed, '' for a new word) →
// candidates and a Cobra ShellCompDirective, the protocol kubectl (>= 1.26) speaks with kubectl_complete-<plugin>.
// Pure: what it needs from the kubeconfig comes in through `names`.
import type { CliSpec, FlagSpec, VerbSpec } from './spec.js';
import { SHELLS } from './shells.js';

/** Cobra's ShellCompDirective bits (spf13/cobra completions.go); kubectl relays them to its own shell scripts. */
export const DIRECTIVE = { default: 0, error: 1, noSpace: 2, noFileComp: 4, filterFileExt: 8, filterDirs: 16, keepOrder: 32 } as const;

export interface Candidate { value: string; description?: string }
export interface Completion { candidates: Candidate[]; directive: number }

export type NameKind = 'contexts' | 'clusters' | 'users';
/** Names from the kubeconfig kubectl would read (`kubeconfig` = a --kubeconfig typed earlier on the line). */
export type NameSource = (kind: NameKind, kubeconfig: string | undefined) => string[];

const POSITIONAL_VALUES: Record<string, readonly string[]> = { shell: SHELLS };
const NAME_SOURCES: Partial<Record<NonNullable<FlagSpec['complete']>, NameKind>> = { contexts: 'contexts', clusters: 'clusters', users: 'users' };

// yargs adds these itself, so the declared flags do not hold them.
const HELP: FlagSpec = { name: 'help', short: 'h', takesValue: false, repeatable: false, describe: 'Show help' };
const VERSION: FlagSpec = { name: 'version', takesValue: false, repeatable: false, describe: 'Print the plugin version' };

const none = (directive: number = DIRECTIVE.noFileComp): Completion => ({ candidates: [], directive });

export function complete(words: readonly string[], spec: CliSpec, names: NameSource): Completion {
  const current = words.length ? (words[words.length - 1] as string) : '';
  let verb: VerbSpec | undefined;
  let pending: FlagSpec | undefined;
  let literal = false;           // after "--" every word is an argument
  const positionals: string[] = [];
  const used = new Set<string>();
  const values = new Map<string, string>();

  for (const word of words.slice(0, -1)) {
    if (pending) {
      values.set(pending.name, word);
      pending = undefined;
    } else if (!literal && word === '--') {
      literal = true;
    } else if (!literal && word.startsWith('-') && word !== '-') {
      const { flag, value } = findFlag(word, flagsFor(verb, spec));
      if (!flag) continue;
      used.add(flag.name);
      if (!flag.takesValue) continue;
      if (value === undefined) pending = flag;
      else values.set(flag.name, value);
    } else if (!verb) {
      verb = spec.verbs.find((v) => v.name === word);
      if (!verb) return none();  // an unknown verb: nothing sensible to offer
    } else {
      positionals.push(word);
    }
  }

  const kubeconfig = values.get('kubeconfig');
  if (pending) return valuesOf(pending, current, '', names, kubeconfig);
  if (!literal && current.startsWith('--') && current.includes('=')) {
    const eq = current.indexOf('=');
    const { flag } = findFlag(current.slice(0, eq), flagsFor(verb, spec));
    return flag?.takesValue ? valuesOf(flag, current.slice(eq + 1), current.slice(0, eq + 1), names, kubeconfig) : none();
  }
  if (!literal && current.startsWith('-')) return flagNames(flagsFor(verb, spec), used, current);
  if (!verb) {
    return filtered(spec.verbs.map((v) => ({ value: v.name, description: v.describe })), current, DIRECTIVE.noFileComp);
  }
  const positional = verb.positionals[positionals.length];
  const choices = positional === undefined ? undefined : POSITIONAL_VALUES[positional];
  return choices ? filtered(choices.map((value) => ({ value })), current, DIRECTIVE.noFileComp) : none();
}

function flagsFor(verb: VerbSpec | undefined, spec: CliSpec): FlagSpec[] {
  return verb ? [...verb.flags, ...spec.globalFlags, HELP] : [...spec.globalFlags, HELP, VERSION];
}

/** "--output", "--output=json", "-o", "-ojson" → the flag and its inline value, if any. */
function findFlag(word: string, flags: FlagSpec[]): { flag?: FlagSpec; value?: string } {
  if (word.startsWith('--')) {
    const eq = word.indexOf('=');
    const name = eq < 0 ? word.slice(2) : word.slice(2, eq);
    return { flag: flags.find((f) => f.name === name), value: eq < 0 ? undefined : word.slice(eq + 1) };
  }
  const flag = flags.find((f) => f.short === word[1]);
  const rest = word.slice(2).replace(/^=/, '');
  // "-vv" repeats a count flag; "-ojson" is -o with the value attached.
  return { flag, value: flag?.takesValue && rest !== '' ? rest : undefined };
}

function flagNames(flags: FlagSpec[], used: Set<string>, current: string): Completion {
  const candidates: Candidate[] = [];
  for (const f of flags) {
    if (used.has(f.name) && !f.repeatable) continue;
    candidates.push({ value: `--${f.name}`, description: f.describe });
    if (f.short) candidates.push({ value: `-${f.short}`, description: f.describe });
  }
  return filtered(candidates, current, DIRECTIVE.noFileComp);
}

function valuesOf(flag: FlagSpec, typed: string, prefix: string, names: NameSource, kubeconfig: string | undefined): Completion {
  const withPrefix = (list: readonly string[]): Candidate[] => list.map((v) => ({ value: prefix + v }));
  if (flag.choices) return filtered(withPrefix(flag.choices), prefix + typed, DIRECTIVE.noFileComp);
  const kind = flag.complete && NAME_SOURCES[flag.complete];
  if (kind) return filtered(withPrefix(names(kind, kubeconfig)), prefix + typed, DIRECTIVE.noFileComp);
  // No candidates plus the default directive makes the shell complete file names; filterDirs, directory names.
  if (flag.complete === 'file') return none(DIRECTIVE.default);
  if (flag.complete === 'dir') return none(DIRECTIVE.filterDirs);
  return none();
}

function filtered(candidates: Candidate[], typed: string, directive: number): Completion {
  return { candidates: candidates.filter((c) => c.value.startsWith(typed)), directive };
}
