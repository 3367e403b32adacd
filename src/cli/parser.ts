// The command line: help, the version and a TAB by ./fast-path.ts, everything else by yargs (every verb and the shared
// flags), loaded only then. Parsing only: help is laid out by ./help.ts, main.ts runs the verb.
import type { Argv } from 'yargs';
import { VERSION } from '../version.js';
import { UsageError } from '../errors.js';
import { parseFast, loadCliSpec } from './fast-path.js';
import { takesNoValue, type Flag } from './flag.js';
import { didYouMean } from './did-you-mean.js';
import { ROOT, rootHelp, verbHelp } from './help.js';
import { GLOBAL_FLAGS, withFlags, withGlobalFlags } from './flags.js';
import type { ParseResult, Verb } from './verb.js';
import { VERBS } from './verbs/index.js';

export { ROOT };
export type { ParseResult };

export async function parse(argv: string[], width: number): Promise<ParseResult> {
  return parseFast(argv, VERBS, Math.min(width, 120)) ?? parseWithYargs(argv, width);
}

/** Any argv, by yargs (exported so that a test can hold the fast path to what yargs gives). */
export async function parseWithYargs(argv: string[], width: number): Promise<ParseResult> {
  const { default: yargs } = await import('yargs');
  let chosen: ParseResult = {};
  const helpWidth = Math.min(width, 120);
  const parser = withGlobalFlags(yargs(argv) as Argv)
    .scriptName(ROOT)
    .version('version', 'Print the plugin version', VERSION)
    .help(false).option('help', { alias: 'h', type: 'boolean' })
    .strict()
    .recommendCommands()
    .exitProcess(false)
    .fail((message, error) => {
      const verb = firstPositional(argv);
      throw new UsageError(error instanceof UsageError ? error.message : explain(oneLine(message ?? error?.message ?? 'invalid arguments'), argv),
        verb && VERB_NAMES.has(verb) ? verb : undefined);
    });
  skipHelpCache(parser);
  for (const verb of VERBS) {
    parser.command(verb.command, verb.describe,
      (y) => withFlags(verb.positional ? y.positional(verb.positional.name, { type: 'string', describe: verb.positional.describe }) : y, verb.flags),
      (args) => {
        if (args.help || !verb.start) {
          chosen = { output: verb.page && !args.help ? verb.page(helpWidth) : verbHelp(verb, helpWidth) };
          return;
        }
        const words = (args._ as Array<string | number>).map(String);  // yargs reads a number-like word as a number
        chosen = { verb, args: args as unknown as ParseResult['args'], parsed: { words, cli: () => loadCliSpec(VERBS) } };
      });
  }
  let output = '';
  await parser.parseAsync(argv, {}, (err: Error | undefined, _args: unknown, out: string) => {
    if (err) throw err instanceof UsageError ? err : new UsageError(oneLine(err.message));
    output = out;
  });
  if (chosen.verb || chosen.output !== undefined) return chosen;
  if (output) return { output };  // --version
  // --help, or a bare invocation: the usage, as kubectl does.
  return { output: rootHelp(VERBS, helpWidth) };
}

// Once a command is chosen, yargs renders its whole help in advance (the biggest single cost of a start
// before the first request) only so that a handler failing later can print it. Our handlers just record the verb and
// cannot fail, and help is laid out by ./help.ts, so that render is skipped.
function skipHelpCache(parser: Argv): void {
  type Internals = { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } };
  const usage = (parser as unknown as Internals).getInternalMethods?.().getUsageInstance?.();
  if (usage?.cacheHelpMessage) usage.cacheHelpMessage = () => undefined;
}

const VERB_NAMES = new Set(VERBS.map((v) => v.name));

// Say "unknown verb" or "unknown flag" rather than yargs' "Unknown argument", with what was meant.
function explain(message: string, argv: string[]): string {
  const first = firstPositional(argv);
  if (first && !VERB_NAMES.has(first) && (message.startsWith('Did you mean') || message.includes(`Unknown argument: ${first}`))) {
    const suggestion = /Did you mean (\S+?)\??$/.exec(message)?.[1];
    return `unknown verb "${first}" for "${ROOT}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`;
  }
  return unknownFlag(message, argv, VERBS.find((v) => v.name === first)) ?? message;
}

// yargs names an unknown flag without its dashes, and again in camelCase ("Unknown arguments: dry-run, dryRun").
function unknownFlag(message: string, argv: string[], verb: Verb | undefined): string | undefined {
  const name = /^Unknown arguments?: ([^,\s]+)/.exec(message)?.[1];
  if (!name) return undefined;
  const written = name.length === 1
    ? argv.some((w) => /^-[a-zA-Z]+$/.test(w) && w.includes(name)) && `-${name}`
    : [`--${name}`, `--no-${name}`].find((flag) => argv.some((w) => w === flag || w.startsWith(`${flag}=`)));
  if (!written) return undefined;  // a word, not a flag
  const where = `for "${verb ? `${ROOT} ${verb.name}` : ROOT}"`;
  const named = (f: Flag): boolean => f.name === name || f.short === name;
  const takers = VERBS.filter((v) => v !== verb && v.flags.some(named)).map((v) => v.name);
  if (takers.length) return `unknown flag ${written} ${where}: it is a flag of ${listAll(takers)}`;
  const meant = didYouMean(name, [...GLOBAL_FLAGS, ...(verb?.flags ?? [])].map((f) => f.name));
  return `unknown flag ${written} ${where}${meant ? `; did you mean --${meant}?` : ''}`;
}

const listAll = (names: string[]): string => (names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]!);

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
