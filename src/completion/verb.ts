// The `completion` verb's work: `completion bash|zsh|fish` prints a script; the hidden `completion __complete -- WORD…`
// (what the scripts and kubectl_complete-calico_migrate call) prints candidates. Both as a Report whose lines are the
// text, so main renders them like any verb (and -o json|yaml gives the same as data).
import { UsageError } from '../errors.js';
import { line, type Report } from '../report/report.js';
import type { StepContext } from '../steps/context.js';
import { complete, type Completion } from './complete.js';
import { kubeconfigNames } from './kubeconfig-names.js';
import { protocolLines } from './protocol.js';
import { bashScript } from './scripts/bash.js';
import { fishScript } from './scripts/fish.js';
import { zshScript } from './scripts/zsh.js';
import type { CliSpec } from './spec.js';
import { COMPLETE_ENTRY, SHELLS, isShell, type Shell } from './shells.js';

export interface CompletionOptions {
  shell?: string;
  /** The words after the verb (for __complete, the words being completed follow "--"). */
  words: string[];
  cli: () => Promise<CliSpec>;
}

const SCRIPTS: Record<Shell, () => string> = { bash: bashScript, zsh: zshScript, fish: fishScript };

export async function completion(options: CompletionOptions, ctx: StepContext): Promise<Report> {
  const { shell } = options;
  if (shell === COMPLETE_ENTRY) return candidates(wordsAfterDashes(options.words), await options.cli(), ctx);
  if (shell === undefined) throw new UsageError(`completion needs a shell: ${SHELLS.join(', ')}`);
  if (!isShell(shell)) throw new UsageError(`unsupported shell "${shell}": must be one of ${SHELLS.join(', ')}`);
  const script = SCRIPTS[shell]().trimEnd();
  return { verb: 'completion', outcome: 'ok', tables: [], lines: [line(script)], data: { shell, script } };
}

function candidates(words: string[], spec: CliSpec, ctx: StepContext): Report<Completion> {
  const result = complete(words, spec, kubeconfigNames(ctx.io.env));
  return { verb: 'completion', outcome: 'ok', tables: [], lines: protocolLines(result).map((l) => line(l)), data: result };
}

// yargs leaves the words after "--" in args._, after the verb's own name.
function wordsAfterDashes(words: string[]): string[] {
  return words[0] === 'completion' ? words.slice(1) : words;
}
