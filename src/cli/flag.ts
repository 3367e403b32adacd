// A flag declared once, as data: the yargs option, the verb's typed arguments (ArgsOf), the completion spec and the
// list of flags that take no value are all derived from it.
import type { Options } from 'yargs';

export interface Flag {
  name: string;
  /** `strings`: repeatable, one value per flag (--as-group a --as-group b). */
  type: 'string' | 'boolean' | 'count' | 'strings';
  short?: string;
  default?: string | boolean;
  describe: string;
  group?: string;
  /** The value's name in help (`--dir DIR`); `string` when not given. */
  arg?: string;
  /** The verb cannot run without it: why it is needed and how to get one (a missing one is a usage error, exit 4). */
  required?: string;
  /** Checked by yargs (a wrong value is a usage error) and offered by completion. */
  choices?: readonly string[];
  /** Offered by completion only (the value is checked by `coerce`). */
  values?: readonly string[];
  /** What completion offers for the value: files, directories, or names from the kubeconfig. */
  complete?: 'file' | 'dir' | 'contexts' | 'clusters' | 'users';
  /** Checks and converts the value; throws a UsageError for a wrong one. */
  coerce?: (value: never) => unknown;
}

type ValueOf<F extends Flag> =
  F extends { required: string } ? string
  : F extends { coerce: (value: never) => infer R } ? (F extends { default: unknown } ? R : R | undefined)
    : F['type'] extends 'boolean' ? boolean
      : F['type'] extends 'count' ? number
        : F['type'] extends 'strings' ? string[] | undefined
          : F extends { default: string } ? string : string | undefined;

/** The parsed arguments a list of flags gives, by flag name. */
export type ArgsOf<Fs extends readonly Flag[]> = { [F in Fs[number] as F['name']]: ValueOf<F> };

export function yargsOption(f: Flag): Options {
  return {
    type: f.type === 'strings' ? 'string' : f.type,
    describe: f.describe,
    ...(f.type === 'strings' ? { array: true, nargs: 1 } : {}),  // nargs 1: the array must not swallow the verb after it
    ...(f.short ? { alias: f.short } : {}),
    ...(f.default !== undefined ? { default: f.default } : {}),
    ...(f.group ? { group: f.group } : {}),
    ...(f.choices ? { choices: [...f.choices] } : {}),
    ...(f.coerce ? { coerce: f.coerce as (value: unknown) => unknown } : {}),
  };
}

/** What completion offers for a value says what it is. */
const VALUE_NAMES: Record<NonNullable<Flag['complete']>, string> = { dir: 'DIR', file: 'FILE', contexts: 'NAME', clusters: 'NAME', users: 'NAME' };

/** The value's name in help and messages (`--backup DIR`); undefined for a flag without a value. */
export const valueName = (f: Flag): string | undefined =>
  takesNoValue(f) ? undefined : f.arg ?? (f.complete && VALUE_NAMES[f.complete]) ?? f.choices?.join('|') ?? 'string';

/** Whether the flag is written without a value (`--dry-run`, `-v`). */
export const takesNoValue = (f: Flag): boolean => f.type === 'boolean' || f.type === 'count';
