// Help in kubectl's shape, laid out from the declared flags: what the verb does, its usage, examples (a comment,
// then the command), its own flags, the common flags; the connection flags are one page of their own (`options`), as
// kubectl keeps its global flags on `kubectl options`. Plain string work: nothing to load, cheap on every start.
import { valueName, type Flag } from './flag.js';
import { COMMON_GROUP, CONNECTION_GROUP, GLOBAL_FLAGS } from './flags.js';
import type { Verb } from './verb.js';
import { together, wrap } from './wrap.js';

export const ROOT = 'kubectl calico-migrate';

/** yargs parses these itself; they are shown with the common flags. */
const HELP_FLAG: Flag = { name: 'help', short: 'h', type: 'boolean', describe: 'Show help' };
const VERSION_FLAG: Flag = { name: 'version', type: 'boolean', describe: 'Print the plugin version' };

const inGroup = (group: string): Flag[] => (GLOBAL_FLAGS as readonly Flag[]).filter((f) => f.group === group);

const EXIT_CODES = [
  ['0', 'success; for check: migration needed and every prerequisite passes'],
  ['1', 'a negative answer: check says not needed, verify found differences, migrate left conflicts or skipped objects'],
  ['2', 'refused: a prerequisite or safety check failed, or a prompt was declined; nothing was written'],
  ['3', 'error talking to the cluster or reading/writing files'],
  ['4', 'usage error: unknown verb or flag, bad value, a required flag missing'],
] as const;

const SEE_OPTIONS = `Use ${together(`"${ROOT} options"`)} for the connection flags every verb takes (kubectl's: --kubeconfig, --context, -n/--namespace, --server, --token, --as, …).`;

export function rootHelp(verbs: readonly Verb[], width: number): string {
  const nameWidth = Math.max(...verbs.map((v) => v.command.length)) + 2;
  return page([
    wrap('Migrate Calico v2.4 data from ThirdPartyResources to CustomResourceDefinitions (Calico v2.5, Kubernetes 1.7).', width),
    [`Usage: ${ROOT} VERB [flags]`],
    ['Verbs:', ...verbs.flatMap((v) => column(`  ${v.command}`, nameWidth + 2, v.describe, width))],
    ['Common flags:', ...flagLines([...inGroup(COMMON_GROUP), HELP_FLAG, VERSION_FLAG], width)],
    ['Exit codes:', ...EXIT_CODES.flatMap(([code, meaning]) => column(`  ${code}`, 5, meaning, width))],
    wrap(`The procedure: check → backup → migrate → verify → rbac → ${together('(upgrade calico/node to v2.5)')} → ${together('cleanup --backup DIR')}. Run it guided with: ${together(`${ROOT} run`)}`, width),
    [...wrap(`Use ${together(`"${ROOT} VERB --help"`)} for more about a verb.`, width), ...wrap(SEE_OPTIONS, width)],
  ]);
}

export function verbHelp(verb: Verb, width: number): string {
  const examples = (verb.examples ?? []).flatMap(([command, what], i) => [
    ...(i > 0 ? [''] : []),
    ...wrap(what, width, '  # '),
    `  ${command}`,  // never wrapped: a command is copied as it is
  ]);
  return page([
    wrap(verb.describe, width),
    [`Usage: ${ROOT} ${verb.command} [flags]`],
    examples.length ? ['Examples:', ...examples] : [],
    verb.flags.length ? ['Flags:', ...flagLines(verb.flags, width)] : [],
    ['Common flags:', ...flagLines([...inGroup(COMMON_GROUP), HELP_FLAG], width)],
    wrap(SEE_OPTIONS, width),
  ]);
}

export function optionsHelp(width: number): string {
  return page([
    wrap('The connection flags every verb takes, with kubectl\'s names and meanings (they go after the plugin\'s name: '
      + `${together(`${ROOT} --context prod check`)}). -n/--namespace is where Calico keeps its TPR data and DaemonSet: kube-system `
      + 'unless given, whatever the context\'s namespace.', width),
    [`Usage: ${ROOT} VERB [flags] [connection flags]`],
    ['Connection flags:', ...flagLines(inGroup(CONNECTION_GROUP), width)],
    wrap('KUBECONFIG follows kubectl\'s rules: --kubeconfig alone when given; otherwise the KUBECONFIG list, missing files '
      + 'skipped and the first file that sets a value winning; otherwise ~/.kube/config; in-cluster config last.', width),
  ]);
}

/** Sections separated by one empty line; empty sections left out. */
const page = (sections: string[][]): string =>
  `${sections.filter((s) => s.length).map((s) => s.join('\n')).join('\n\n')}\n`.replace(/ +$/gm, '');

/** pflag's layout: `  -o, --output string   Output format… (default "table")`, descriptions aligned and wrapped. */
function flagLines(flags: readonly Flag[], width: number): string[] {
  const names = flags.map(flagName);
  const nameWidth = Math.max(...names.map((n) => n.length)) + 3;
  return flags.flatMap((f, i) => column(names[i]!, nameWidth, `${f.describe}${suffix(f)}`, width));
}

function flagName(f: Flag): string {
  const short = f.short ? `-${f.short}, ` : '    ';
  const value = valueName(f);
  return `  ${short}--${f.name}${value ? ` ${value}` : ''}`;
}

function suffix(f: Flag): string {
  if (f.required) return ' (required)';
  return typeof f.default === 'string' && f.default !== '' ? ` ${together(`(default "${f.default}")`)}` : '';
}

/** A name and its text beside it; a name too wide for the column, or a narrow terminal, puts the text on the lines below. */
function column(name: string, nameWidth: number, text: string, width: number): string[] {
  if (nameWidth > width / 2) return [name, ...wrap(text, width, ' '.repeat(8))];
  const indent = ' '.repeat(nameWidth);
  if (name.length >= nameWidth) return [name, ...wrap(text, width, indent)];
  return wrap(text, width, name.padEnd(nameWidth), indent);
}
