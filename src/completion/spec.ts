// What completion knows about the CLI, read from the same yargs definitions the parser uses (the verbs' builders and
// withGlobalFlags), so a new verb or flag completes without touching this directory.
import type { Argv } from 'yargs';
import { withGlobalFlags } from '../cli/flags.js';
import type { Verb } from '../cli/verb.js';

export interface FlagSpec {
  name: string;             // long name, without dashes
  short?: string;           // one-letter alias, without the dash
  takesValue: boolean;      // false for boolean and count flags
  repeatable: boolean;      // array and count flags may be given more than once
  choices?: string[];
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

interface YargsOption {
  alias?: string | string[];
  type?: string;
  array?: boolean;
  choices?: readonly unknown[];
  describe?: string;
  description?: string;
}

/**
 * Runs a builder against a stand-in for yargs that records .option()/.options() and ignores every other call, so it
 * works whatever else a builder chains (example, check, conflicts…).
 */
export function recordFlags(build: (y: Argv) => unknown): FlagSpec[] {
  const flags: FlagSpec[] = [];
  const add = (name: string, o: YargsOption): void => {
    const aliases = o.alias === undefined ? [] : Array.isArray(o.alias) ? o.alias : [o.alias];
    const counted = o.type === 'count';
    flags.push({
      name,
      short: aliases.find((a) => a.length === 1),
      takesValue: o.type !== 'boolean' && !counted,
      repeatable: counted || o.array === true,
      choices: o.choices?.map(String),
      describe: o.describe ?? o.description ?? '',
    });
  };
  const recorder: Argv = new Proxy({} as Argv, {
    get(_target, prop) {
      if (prop === 'option') return (name: string, o: YargsOption = {}) => { add(name, o); return recorder; };
      if (prop === 'options') {
        return (all: Record<string, YargsOption>) => { for (const [name, o] of Object.entries(all)) add(name, o); return recorder; };
      }
      return () => recorder;
    },
  });
  build(recorder);
  return flags;
}

/** "completion [shell]" → name "completion", positionals ["shell"]. */
function parseCommand(command: string): { name: string; positionals: string[] } {
  const [name = '', ...rest] = command.split(' ');
  return { name, positionals: rest.map((p) => p.replace(/^[[<]|\.*[\]>]$/g, '').replace(/\.\.$/, '')) };
}

export function cliSpec(verbs: readonly Verb<never>[]): CliSpec {
  return {
    globalFlags: recordFlags((y) => withGlobalFlags(y)),
    verbs: verbs.map((v) => ({
      ...parseCommand(v.command),
      describe: v.describe,
      flags: v.builder ? recordFlags((y) => (v.builder as unknown as (a: Argv) => unknown)(y)) : [],
    })),
  };
}
