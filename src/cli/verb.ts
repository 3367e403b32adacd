// The shape of a verb on the command line: its own flags as data, the typed options its logic takes (built from the
// parsed flags: flag names end here), and the logic, loaded only when the verb runs. One file per verb in ./verbs/.
import { UsageError } from '../errors.js';
import type { Report } from '../report/report.js';
import type { CliSpec } from '../completion/spec.js';
import type { VerbContext } from './context.js';
import { valueName, type ArgsOf, type Flag } from './flag.js';
import type { GlobalArgs } from './flags.js';

/** A word after the verb (the verb checks it itself). */
export interface Positional { name: string; describe: string }

/** What the parser knows besides the flags: the words after the verb, and the whole CLI (for completion). */
export interface Parsed { words: string[]; cli: () => Promise<CliSpec> }

export interface VerbDefinition<Fs extends readonly Flag[], O> {
  command: string;
  describe: string;
  flags: Fs;
  positional?: Positional;
  /** `[command, what it does]`, shown as kubectl shows examples: `# what it does`, then the command. */
  examples?: Array<[string, string]>;
  /** Sends writes to the cluster: each run appends an audit record to its backup directory (audit.ts). */
  writesToCluster?: boolean;
  /** The verb's typed options from the parsed flags; a wrong value is a UsageError here, before anything is sent. */
  options: (args: ArgsOf<Fs> & GlobalArgs & { [positional: string]: unknown }, parsed: Parsed) => O;
  run: (options: O, ctx: VerbContext) => Promise<Report>;
}

/** What the parser gives main: a verb to start with its arguments, or text to print instead (help, the version). */
export interface ParseResult {
  verb?: Verb;
  args?: GlobalArgs & Record<string, unknown>;
  parsed?: Parsed;
  /** Help or version text produced instead of a verb to run. */
  output?: string;
}

/** A verb as the parser, help and completion see it: its declarations, and one way to start it. */
export interface Verb {
  name: string;
  command: string;
  describe: string;
  flags: readonly Flag[];
  positional?: Positional;
  examples?: Array<[string, string]>;
  writesToCluster?: boolean;
  /** A page of help (`options`), printed by the parser; such a verb has no `start`. */
  page?: (width: number) => string;
  start?: (args: GlobalArgs & Record<string, unknown>, parsed: Parsed, ctx: VerbContext) => Promise<Report>;
}

/** `const`: the flags keep their literal types, so `options` sees each flag's own value type. */
export function defineVerb<const Fs extends readonly Flag[], O>(verb: VerbDefinition<Fs, O>): Verb {
  const { options, run, ...declared } = verb;
  const name = verb.command.split(' ')[0]!;
  return {
    ...declared,
    name,
    start: (args, parsed, ctx) => {
      requireFlags(name, verb.flags, args);
      // kubectl prints -o name for what a command wrote: the verbs that write objects.
      if (args.output === 'name' && !verb.writesToCluster) {
        throw new UsageError(`-o name lists the objects a verb writes, and ${name} writes none: use -o table|wide|json|yaml`);
      }
      return run(options(args as ArgsOf<Fs> & GlobalArgs, parsed), ctx);
    },
  };
}

/** A required flag left out is a usage error (exit 4) that says what it is for. */
function requireFlags(verb: string, flags: readonly Flag[], args: Record<string, unknown>): void {
  const missing = flags.find((f) => f.required && (args[f.name] === undefined || args[f.name] === ''));
  if (missing) throw new UsageError(`${verb} needs --${missing.name} ${valueName(missing)}: ${missing.required}`);
}
