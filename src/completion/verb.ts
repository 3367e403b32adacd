// The `completion` verb's work: `completion bash|zsh|fish` prints a script; the hidden `completion __complete -- WORD…`
// (what the scripts and kubectl_complete-calico_migrate call) prints candidates. Both as a Report whose lines are the
// text, so main renders them like any verb (and -o json|yaml gives the same as data).
import { UsageError } from '../errors.js';
import type { VerbContext } from '../cli/context.js';
import type { GlobalArgs } from '../cli/flags.js';
import { VERBS } from '../cli/verbs/index.js';
import { line, type Report } from '../report/report.js';
import { complete, type Completion } from './complete.js';
import { kubeconfigNames } from './kubeconfig-names.js';
import { protocolLines } from './protocol.js';
import { bashScript } from './scripts/bash.js';
import { fishScript } from './scripts/fish.js';
import { zshScript } from './scripts/zsh.js';
import { cliSpec } from './spec.js';
import { COMPLETE_ENTRY, SHELLS, isShell, type Shell } from './shells.js';

export interface CompletionArgs { shell?: string; _: Array<string | number> }

const SCRIPTS: Record<Shell, () => string> = { bash: bashScript, zsh: zshScript, fish: fishScript };

export async function completion(args: GlobalArgs & CompletionArgs, ctx: VerbContext): Promise<Report> {
  if (args.shell === COMPLETE_ENTRY) return candidates(wordsAfterDashes(args._), ctx);
  if (args.shell === undefined) throw new UsageError(`completion needs a shell: ${SHELLS.join(', ')}`);
  if (!isShell(args.shell)) throw new UsageError(`unsupported shell "${args.shell}": must be one of ${SHELLS.join(', ')}`);
  const script = SCRIPTS[args.shell]().trimEnd();
  return { verb: 'completion', outcome: 'ok', tables: [], lines: [line(script)], data: { shell: args.shell, script } };
}

function candidates(words: string[], ctx: VerbContext): Report<Completion> {
  const result = complete(words, cliSpec(VERBS), kubeconfigNames(ctx.io.env));
  return { verb: 'completion', outcome: 'ok', tables: [], lines: protocolLines(result).map((l) => line(l)), data: result };
}

// yargs leaves the words after "--" in args._, after the verb's own name (and numbers parsed: back to text).
function wordsAfterDashes(positionals: Array<string | number>): string[] {
  const words = positionals.map(String);
  return words[0] === 'completion' ? words.slice(1) : words;
}
