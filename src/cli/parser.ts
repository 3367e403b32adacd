// yargs wiring: the root usage, every verb, shared flags, and kubectl-style help. Parsing only: main.ts runs the verb.
import yargs, { type Argv } from 'yargs';
import { VERSION } from '../version.js';
import { UsageError } from '../errors.js';
import { takesNoValue, type Flag } from './flag.js';
import { GLOBAL_FLAGS, withFlags, withGlobalFlags, type GlobalArgs } from './flags.js';
import type { Parsed, Verb } from './verb.js';
import { VERBS } from './verbs/index.js';

export const ROOT = 'kubectl calico-migrate';

const EPILOGUE = `Exit codes:
  0  success; for check: migration needed and every prerequisite passes
  1  a negative answer: check says not needed, verify found differences, migrate left conflicts or skipped objects
  2  refused: a prerequisite or safety check failed, or a prompt was declined; nothing was written
  3  error talking to the cluster or reading/writing files
  4  usage error

The procedure: check → backup → migrate → verify → rbac → (upgrade calico/node to v2.5) → cleanup --backup DIR.
Run it guided with: ${ROOT} run`;

export interface ParseResult {
  verb?: Verb;
  args?: GlobalArgs & Record<string, unknown>;
  parsed?: Parsed;
  /** Help or version text yargs produced instead of a verb to run. */
  output?: string;
}

export async function parse(argv: string[], width: number): Promise<ParseResult> {
  let chosen: ParseResult = {};
  const parser = withGlobalFlags(yargs(argv) as Argv)
    .scriptName(ROOT)
    .usage(`Migrate Calico v2.4 data from ThirdPartyResources to CustomResourceDefinitions (Calico v2.5, Kubernetes 1.7).\n\nUsage: ${ROOT} VERB [flags]`)
    .version('version', 'Print the plugin version', VERSION)
    .help('help').alias('help', 'h')
    .strict()
    .recommendCommands()
    .exitProcess(false)
    .wrap(Math.min(width, 120))
    .epilogue(EPILOGUE)
    .fail((message, error) => {
      if (error instanceof UsageError) throw error;
      throw new UsageError(explain(oneLine(message ?? error?.message ?? 'invalid arguments'), argv));
    });
  skipHelpCache(parser);
  for (const verb of VERBS) {
    parser.command(verb.command, verb.describe,
      (y) => {
        const built = withFlags(verb.positional ? y.positional(verb.positional.name, { type: 'string', describe: verb.positional.describe }) : y, verb.flags);
        for (const [cmd, text] of verb.examples ?? []) built.example(cmd, text);
        return built.usage(`${verb.describe}\n\nUsage: ${ROOT} ${verb.command} [flags]`);
      },
      (args) => {
        const words = (args._ as Array<string | number>).map(String);  // yargs reads a number-like word as a number
        chosen = { verb, args: args as unknown as ParseResult['args'], parsed: { words, cli: async () => (await import('../completion/spec.js')).cliSpec(VERBS, GLOBAL_FLAGS) } };
      });
  }
  let output = '';
  await parser.parseAsync(argv, {}, (err: Error | undefined, _args: unknown, out: string) => {
    if (err) throw err instanceof UsageError ? err : new UsageError(oneLine(err.message));
    output = out;
  });
  if (chosen.verb) return chosen;
  if (output) return { output };
  // A bare invocation prints the usage, as kubectl does.
  return { output: await parser.getHelp() };
}

// Once a command is chosen, yargs renders its whole help in advance (the biggest single cost of a start
// before the first request) only so that a handler failing later can print it. Our handlers just record the verb and
// cannot fail, so that render is skipped; --help and usage errors render as before.
function skipHelpCache(parser: Argv): void {
  type Internals = { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } };
  const usage = (parser as unknown as Internals).getInternalMethods?.().getUsageInstance?.();
  if (usage?.cacheHelpMessage) usage.cacheHelpMessage = () => undefined;
}

const VERB_NAMES = new Set(VERBS.map((v) => v.name));

// Say "unknown verb" rather than yargs' "Unknown argument" when the first word is not a verb.
function explain(message: string, argv: string[]): string {
  const first = firstPositional(argv);
  if (first && !VERB_NAMES.has(first) && (message.startsWith('Did you mean') || message.includes(`Unknown argument: ${first}`))) {
    const suggestion = /Did you mean (\S+?)\??$/.exec(message)?.[1];
    return `unknown verb "${first}" for "${ROOT}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`;
  }
  return message;
}

// Flags that take no value (declared so, or yargs' own); any other flag written without "=" consumes the next word.
const NO_VALUE = new Set(['-h', '--help', '--version', ...([...GLOBAL_FLAGS, ...VERBS.flatMap((v) => v.flags)] as Flag[])
  .filter(takesNoValue).flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])])]);
const takesNone = (word: string): boolean => NO_VALUE.has(word) || word.startsWith('--no-') || /^-([a-z])\1+$/.test(word) && NO_VALUE.has(word.slice(0, 2));

function firstPositional(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    if (!word.startsWith('-')) return word;
    if (!word.includes('=') && !takesNone(word)) i++;
  }
  return undefined;
}

// yargs' messages can span lines ("Unknown arguments: a, b"); the contract wants one line.
function oneLine(message: string): string {
  return message.split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
}
