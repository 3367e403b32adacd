// The start-up hot paths, recognised without yargs: help, the version, a completion script, a TAB, and a verb with
// its flags in their plain forms. Loading yargs and declaring every verb and flag to it took ~40 % of such a start
// (~15 ms of a migrate's). Only these shapes are taken; anything else (an unknown or repeated flag, --no-…, a value
// that fails its check, a word yargs would read as a number) goes to yargs, which explains it. What this gives equals
// what yargs gives for the same argv (test/cli/fast-path.test.ts).
import { VERSION } from '../version.js';
import { takesNoValue, type Flag } from './flag.js';
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
  if (verb) {
    if (rest.length === 1 && HELP.has(rest[0] as string)) return { output: verbHelp(verb, helpWidth) };
    if (!verb.start) return rest.length === 0 && verb.page ? { output: verb.page(helpWidth) } : undefined;
    if (verb.name === 'version') {
      const given = rest.length === 0 || (rest.length === 1 && rest[0] === '--client') ? plainFlags(verb, rest) : undefined;
      return given && run(verbs, verb, [verb.name], given);
    }
    if (verb.name === 'completion' && verb.positional) {
      const [shell, dashes, ...words] = rest;
      const positional = { [verb.positional.name]: shell };
      if (shell !== undefined && PLAIN_WORD.test(shell) && dashes === undefined) return run(verbs, verb, [verb.name], new Map(), positional);
      if (shell !== undefined && PLAIN_WORD.test(shell) && dashes === '--' && words.every(literal)) return run(verbs, verb, [verb.name, ...words], new Map(), positional);
    }
  }
  return verbWithFlags(argv, verbs);
}

/** A verb and its flags, global ones also before it (`--kubeconfig F --context C migrate …`, as kubectl takes them). */
function verbWithFlags(argv: readonly string[], verbs: readonly Verb[]): ParseResult | undefined {
  let at = 0;
  while (at < argv.length && argv[at]!.startsWith('-')) {
    const found = flagIn(GLOBAL_FLAGS as readonly Flag[], argv[at]!);
    if (!found) return undefined;
    at += found.inline === undefined && !takesNoValue(found.flag) ? 2 : 1;
  }
  const verb = verbs.find((v) => v.name === argv[at]);
  if (!verb?.start || verb.positional || verb.name === 'version') return undefined;
  const given = plainFlags(verb, [...argv.slice(0, at), ...argv.slice(at + 1)]);
  return given && run(verbs, verb, [verb.name], given);
}

/** The flag a word names (`--name`, `--name=VALUE`, `-s`), with the value written after "=". */
function flagIn(flags: readonly Flag[], word: string): { flag: Flag; inline?: string } | undefined {
  const eq = word.startsWith('--') ? word.indexOf('=') : -1;
  const name = eq > 0 ? word.slice(0, eq) : word;
  const flag = flags.find((x) => `--${x.name}` === name || (eq < 0 && x.short !== undefined && `-${x.short}` === name));
  return flag && (eq > 0 ? { flag, inline: word.slice(eq + 1) } : { flag });
}

/**
 * A verb's flags written `--name VALUE`, `--name=VALUE`, `-s VALUE`, `--switch` or `-v`, each once, with their values
 * checked (choices) and converted (coerce) as yargs would; undefined for any other shape, left to yargs.
 */
function plainFlags(verb: Verb, words: readonly string[]): Map<Flag, unknown> | undefined {
  const flags = [...GLOBAL_FLAGS, ...verb.flags] as Flag[];
  const given = new Map<Flag, unknown>();
  for (let i = 0; i < words.length; i++) {
    const found = flagIn(flags, words[i]!);
    if (!found || given.has(found.flag)) return undefined;
    const { flag: f, inline } = found;
    if (takesNoValue(f)) {
      if (inline !== undefined) return undefined;
      given.set(f, f.type === 'count' ? 1 : true);
      continue;
    }
    const value = inline ?? words[++i];
    if (value === undefined || (inline === undefined && value.startsWith('-')) || (f.choices && !f.choices.includes(value))) return undefined;
    given.set(f, f.type === 'strings' ? [value] : value);
  }
  try {
    for (const [f, value] of given) if (f.coerce) given.set(f, f.coerce(value as never));
  } catch {
    return undefined; // yargs says what is wrong with it
  }
  return given;
}

/** The parsed arguments as yargs builds them: the words, the flags given, every default (coerced), counts, $0, positionals. */
function run(verbs: readonly Verb[], verb: Verb, words: string[], given: Map<Flag, unknown>, positional: Record<string, unknown> = {}): ParseResult {
  const args: Record<string, unknown> = { _: words };
  for (const [f, value] of given) setFlag(args, f, value);
  const counts: Record<string, unknown> = {};
  for (const f of [...GLOBAL_FLAGS, ...verb.flags] as Flag[]) {
    if (given.has(f)) continue;
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
