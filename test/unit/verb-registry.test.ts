// What adding a verb or a flag must not forget: each verb that talks to the cluster has its permissions declared
// (check reports them), every permission entry names a real verb (or kubectl's own upgrade step), and the README
// documents every flag that help shows, each verb's with that verb (and none it does not take).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { PLUGIN_VERBS } from '../../src/calico/permissions.js';
import type { Flag } from '../../src/cli/flag.js';
import { GLOBAL_FLAGS } from '../../src/cli/flags.js';
import { VERBS } from '../../src/cli/verbs/index.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
/** Verbs that need no permissions of their own: they read nothing, or only what the verbs they run declare. */
const NO_PERMISSIONS = new Set(['version', 'completion', 'run', 'options']);
/** The step between rbac and cleanup that the operator runs with kubectl (check reports its permissions too). */
const KUBECTL_STEP = 'upgrade';

test('every verb that talks to the cluster declares its permissions, and every declared entry is a verb', () => {
  const names = VERBS.map((v) => v.name);
  for (const name of names) if (!NO_PERMISSIONS.has(name)) assert.ok((PLUGIN_VERBS as readonly string[]).includes(name), `${name} has no entry in src/calico/permissions.ts`);
  for (const verb of PLUGIN_VERBS) if (verb !== KUBECTL_STEP) assert.ok(names.includes(verb), `permissions.ts names "${verb}", which is not a verb`);
});

/** Written out as --name, or as its one-letter form (-d DIR, -o json, -v). */
const documented = (flag: Flag): boolean =>
  new RegExp(`--${flag.name}\\b`).test(README) || (flag.short !== undefined && new RegExp(`[\\s\`\\[]-${flag.short}[\\s\`\\]]`).test(README));

test('the README documents every verb and every flag help shows', () => {
  for (const verb of VERBS) {
    assert.match(README, new RegExp(`(calico-migrate |\\| \`)${verb.name}\\b`), `README: verb ${verb.name}`);
    for (const flag of verb.flags) assert.ok(documented(flag), `README: ${verb.name} --${flag.name}`);
  }
  for (const flag of GLOBAL_FLAGS as readonly Flag[]) assert.ok(documented(flag), `README: --${flag.name}`);
});

const VERB_NAMES = new Set(VERBS.map((v) => v.name));
/** The flags written in a command: `--dry-run`, `-d` (a negative number or a lone `-` is not one). */
const flagsIn = (command: string): string[] => [...command.matchAll(/(?:^|[\s[|(])(--?[a-z][\w-]*)/g)].map((m) => m[1]!);
const names = (f: Flag): string[] => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])];
const GLOBAL_NAMES = new Set([...(GLOBAL_FLAGS as readonly Flag[]).flatMap(names), '--help', '-h']);

/** Every command the README writes with a verb: the verb table's first column, `code` spans, `$ kubectl calico-migrate …` lines. */
function readmeCommands(): Array<{ verb: string; command: string; row: boolean }> {
  const found: Array<{ verb: string; command: string; row: boolean }> = [];
  const add = (command: string, row: boolean): void => {
    const words = command.replace(/^\$?\s*(kubectl calico-migrate|kubectl-calico_migrate)\s+/, '').split(/\s+/);
    // The verb is the first word that is not a connection flag or its value (`--context prod check`).
    const verb = words.find((w, i) => VERB_NAMES.has(w) && !(i > 0 && /^--?[a-z]/.test(words[i - 1]!) && !words[i - 1]!.includes('=')));
    if (verb) found.push({ verb, command, row });
  };
  for (const m of README.matchAll(/^\| `([^`]+)` \|/gm)) add(m[1]!.replace(/\\\|/g, '|'), true);
  for (const m of README.matchAll(/`([^`\n]+)`/g)) if (/^(kubectl calico-migrate \S|[a-z]+ -)/.test(m[1]!)) add(m[1]!, false);
  for (const m of README.matchAll(/^\$ (kubectl calico-migrate .+)$/gm)) add(m[1]!, false);
  return found;
}

test("the README's verb table lists each verb's own flags, and no command in the README gives a verb a flag it lacks", () => {
  const commands = readmeCommands();
  for (const verb of VERBS) {
    const row = commands.find((c) => c.row && c.verb === verb.name);
    if (verb.name === 'completion') continue;  // documented in Install, its shell being its only argument
    assert.ok(row, `README: no row for ${verb.name} in the verb table`);
    for (const flag of verb.flags) assert.ok(flagsIn(row!.command).some((w) => names(flag).includes(w)), `README table, ${verb.name}: --${flag.name} missing`);
  }
  assert.ok(commands.length > 40, `only ${commands.length} commands found`);
  for (const { verb, command } of commands) {
    const own = new Set(VERBS.find((v) => v.name === verb)!.flags.flatMap(names));
    for (const flag of flagsIn(command)) assert.ok(own.has(flag) || GLOBAL_NAMES.has(flag), `README: "${command}" gives ${verb} ${flag}, which it does not take`);
  }
});

test.run();
