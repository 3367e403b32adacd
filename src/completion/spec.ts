// What completion knows about the CLI: the verbs and flags as they are declared (src/cli/flag.ts data), handed in by
// the parser, so a new verb or flag completes without touching this directory.
import type { Flag } from '../cli/flag.js';
import type { Verb } from '../cli/verb.js';

export interface FlagSpec {
  name: string;             // long name, without dashes
  short?: string;           // one-letter alias, without the dash
  takesValue: boolean;      // false for boolean and count flags
  repeatable: boolean;      // repeatable and count flags may be given more than once
  choices?: readonly string[];
  complete?: Flag['complete'];
  describe: string;
}

export interface VerbSpec {
  name: string;
  describe: string;
  positionals: string[];    // e.g. ['shell'] for "completion [shell]"
  flags: FlagSpec[];
}

export interface CliSpec {
  verbs: VerbSpec[];
  globalFlags: FlagSpec[];
}

export function flagSpec(f: Flag): FlagSpec {
  return {
    name: f.name,
    short: f.short,
    takesValue: f.type === 'string' || f.type === 'strings',
    repeatable: f.type === 'count' || f.type === 'strings',
    choices: f.choices ?? f.values,
    complete: f.complete,
    describe: f.describe,
  };
}

export function cliSpec(verbs: readonly Verb[], globalFlags: readonly Flag[]): CliSpec {
  return {
    globalFlags: globalFlags.map(flagSpec),
    verbs: verbs.map((v) => ({
      name: v.name,
      describe: v.describe,
      positionals: v.positional ? [v.positional.name] : [],
      flags: v.flags.map(flagSpec),
    })),
  };
}
