// The start-up hot paths, recognised without yargs: help, the version, a completion script and a TAB. Loading yargs
// and declaring every verb and flag to it took ~40 % of such a start, for argv whose meaning is fixed. Only
// these exact shapes are taken; anything else (another flag, a value to check, a word yargs would read as a number)
// goes to yargs. What this gives equals what yargs gives for the same argv (test/cli/fast-path.test.ts).
import { VERSION } from '../version.js';
import type { Flag } from './flag.js';
import { GLOBAL_FLAGS } from './flags.js';
import { ROOT, rootHelp, verbHelp } from './help.js';
import type { CliSpec } from '../completion/spec.js';
import type { ParseResult, Verb } from './verb.js';

const HELP = new Set(['--help', '-h']);
/** A positional word yargs keeps as written: no dash, nothing it could read as a number. */
const PLAIN_WORD = /^[a-z_]+$/;
/** A word after "--" yargs keeps as written (it turns number-like ones into numbers; those go to yargs). */
const literal = (word: string): boolean => word !== '--' && !/^[-+]?[.\d]|^0x/i.test(word);

export function parseFast(argv: readonly string[], verbs: readonly Verb[], helpWidth: number): ParseResult | undefined {
  const [first, ...rest] = argv;
  if (first === undefined || (HELP.has(first) && rest.length === 0)) return { output: rootHelp(verbs, helpWidth) };
  if (first === '--version' && rest.length === 0) return { output: VERSION };
  const verb = verbs.find((v) => v.name === first);
  if (!verb) return undefined;
  if (rest.length === 1 && HELP.has(rest[0] as string)) return { output: verbHelp(verb, helpWidth) };
  if (!verb.start) return rest.length === 0 && verb.page ? { output: verb.page(helpWidth) } : undefined;
  if (verb.name === 'version' && (rest.length === 0 || (rest.length === 1 && rest[0] === '--client'))) {
    return run(verbs, verb, [verb.name], rest.length ? { client: true } : {});
  }
  if (verb.name === 'completion' && verb.positional) {
    const [shell, dashes, ...words] = rest;
    const positional = { [verb.positional.name]: shell };
    if (shell !== undefined && PLAIN_WORD.test(shell) && dashes === undefined) return run(verbs, verb, [verb.name], {}, positional);
    if (shell !== undefined && PLAIN_WORD.test(shell) && dashes === '--' && words.every(literal)) return run(verbs, verb, [verb.name, ...words], {}, positional);
  }
  return undefined;
}

/** The parsed arguments as yargs builds them: the words, the flags given, every default (coerced), counts, $0, positionals. */
function run(verbs: readonly Verb[], verb: Verb, words: string[], given: Record<string, unknown>, positional: Record<string, unknown> = {}): ParseResult {
  const args: Record<string, unknown> = { _: words, ...given };
  const counts: Record<string, unknown> = {};
  for (const f of [...GLOBAL_FLAGS, ...verb.flags] as Flag[]) {
    if (f.name in given) continue;
    if (f.type === 'count') setFlag(counts, f, 0);
    else if (f.default !== undefined) setFlag(args, f, f.coerce ? f.coerce(f.default as never) : f.default);
  }
  return {
    verb,
    args: { ...args, ...counts, $0: ROOT, ...positional } as unknown as ParseResult['args'],
    parsed: { words, cli: () => loadCliSpec(verbs) },
  };
}

/** Under its name, its camelCase name and its short alias, as yargs sets a value. */
function setFlag(args: Record<string, unknown>, f: Flag, value: unknown): void {
  args[f.name] = value;
  if (f.name.includes('-')) args[f.name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = value;
  if (f.short) args[f.short] = value;
}

/** Every verb and flag, for completion: the completion engine is loaded only when completing. */
export async function loadCliSpec(verbs: readonly Verb[]): Promise<CliSpec> {
  return (await import('../completion/spec.js')).cliSpec(verbs, GLOBAL_FLAGS);
}
