// `run`: the guided procedure — check → backup → migrate → verify → rbac — stopping at the first step that does not
// succeed (with its exit code), then what the operator does next: upgrade calico/node, watch it come up, and
// `cleanup --backup DIR`. It composes the verbs' own steps; it talks to the cluster itself only to refuse one without Calico.
import path from 'node:path';
import { RefusedError } from '../errors.js';
import { prose, snpsLeftOut, step, stepCommands, stepTexts, TARGET_NODE_VERSION, upgradeCommands, type NextCommand, type NextStep } from '../calico/verdict.js';
import { line, nextLines, type Line, type Outcome, type Report, type Table } from '../report/report.js';
import { defaultDirectory } from '../backup/default-directory.js';
import { backupOrReuse } from './backup-reuse.js';
import { check } from './check.js';
import { ESTABLISH_TIMEOUT_MS, migrate } from './migrate.js';
import { rbac } from './rbac.js';
import { verify } from './verify.js';
import { assertCalicoInNamespace } from './guards.js';
import { findCalicoDaemonSets } from '../cluster/daemonset.js';
import type { NextCommands, StepContext } from './context.js';

export interface RunData {
  steps: Array<{ step: string; outcome: Outcome; data: unknown }>;
  stoppedAt?: string;
  backupDir?: string;
  /** What to do next, as a person reads it (the table's "Next:" lines). */
  next: string[];
  /** The same as commands to run, in order, each with why; NAME in a command is a placeholder `why` explains. */
  nextCommands: NextCommand[];
}

export interface RunOptions { dir?: string }

export async function run(options: RunOptions, ctx: StepContext): Promise<Report<RunData>> {
  const steps: Array<{ step: string; report: Report; shown: { tables: Table[]; lines: Line[] } }> = [];
  const commands = ctx.next;
  const say = (text: string): void => ctx.warn(text);
  // Each step's result is printed as it finishes (with -o table|wide), before the next step or question.
  const done = <R extends Report>(step: string, report: R): R => {
    // Each step's own "Next:" advice is superseded by run's.
    const shown = {
      tables: titled(step, report.tables),
      lines: report.lines.filter((l) => !l.next).map((l) => ({ ...l, text: `[${step}] ${l.text}`, ...(l.warning ? { warning: `[${step}] ${l.warning}` } : {}) })),
    };
    steps.push({ step, report, shown });
    ctx.show(shown);
    return report;
  };
  // `next` as the verdict gives it (its lines and their commands), or as steps.
  const finish = (stoppedAt: string | undefined, outcome: Outcome, next: readonly NextStep[] | Pick<RunData, 'next' | 'nextCommands'>, backupDir?: string, extra: Line[] = []): Report<RunData> => {
    const { next: texts, nextCommands } = 'nextCommands' in next ? next : { next: stepTexts(next), nextCommands: stepCommands(next) };
    return {
      verb: 'run',
      outcome,
      names: steps.flatMap(({ report }) => report.names ?? []),
      tables: steps.flatMap(({ shown }) => shown.tables),
      lines: [...steps.flatMap(({ shown }) => shown.lines), ...extra, ...nextLines(texts)],
      data: {
        steps: steps.map(({ step, report }) => ({ step, outcome: report.outcome, data: report.data })), ...(stoppedAt ? { stoppedAt } : {}), ...(backupDir ? { backupDir } : {}),
        next: texts, nextCommands,
      },
    };
  };

  // A cluster (or -n) without Calico is refused before anything, rather than reported as "not needed".
  const conn = await ctx.connect();
  await assertCalicoInNamespace(conn.client, conn.namespace, await findCalicoDaemonSets(conn.client));
  say('Step 1/5: check');
  const checked = done('check', await check(ctx));
  const verdict = checked.data.verdict;
  if (checked.outcome !== 'ok') {
    return finish('check', checked.outcome, { next: verdict.next, nextCommands: verdict.commands }, undefined, [line(`Stopped: ${verdict.reason}`, checked.outcome === 'negative' ? 'info' : 'fail')]);
  }

  const dir = path.resolve(ctx.io.cwd, options.dir ?? defaultDirectory(conn.contextName));
  say(`Step 2/5: backup to ${dir}`);
  done('backup', await backupOrReuse(dir, ctx)); // a re-run after an interruption resumes with it

  if (!(await ctx.confirm('Copy the TPR data to Calico v2.5 CRDs now (TPR data is not modified)?'))) {
    throw new RefusedError('declined before migrate: nothing was written to the cluster', `The backup is in ${dir}. Re-run "${commands.plugin('run', '-d', dir)}" when ready.`);
  }
  say('Step 3/5: migrate');
  const migrated = done('migrate', await migrate({ dryRun: false, overwrite: false, includeSnp: false, establishTimeoutMs: ESTABLISH_TIMEOUT_MS }, ctx));
  if (migrated.outcome !== 'ok') {
    const again = commands.plugin('run', '-d', dir);
    return finish('migrate', migrated.outcome, [step(again, 'after resolving the conflicts and skipped objects migrate reported', `resolve the conflicts or skipped objects above, then: ${again}`)], dir,
      [line('Stopped: migrate left objects it could not copy (see the rows above); nothing else was changed.', 'fail')]);
  }
  say('Step 4/5: verify');
  const verified = done('verify', await verify({}, ctx));
  if (verified.outcome !== 'ok') {
    const wide = commands.plugin('verify', '-o', 'wide');
    return finish('verify', verified.outcome, [step(wide, 'every field that differs', wide), step(commands.plugin('migrate', '--overwrite'), 'if the differences should be replaced')], dir,
      [line('Stopped: the CRDs do not match the TPR data yet; calico-node\'s role was not changed.', 'fail')]);
  }
  say('Step 5/5: rbac');
  done('rbac', await rbac({ dryRun: false, revert: false }, ctx));

  const ds = checked.data.calico.daemonSet;
  const strategy = ds ? ds.updateStrategy ?? undefined : 'RollingUpdate';
  const upgrade = ds ? upgradeCommands(conn.namespace, { name: ds.name, container: ds.container, image: ds.image, updateStrategy: ds.updateStrategy ?? undefined }, commands.kubectl()) : [prose(`upgrade calico/node to ${TARGET_NODE_VERSION}`)];
  const watch = watchRollout(commands, conn.namespace, ds?.name ?? 'calico-node', strategy);
  const checkAgain = commands.plugin('check');
  const cleanup = commands.plugin('cleanup', '--backup', dir);
  return finish(undefined, 'ok', [
    ...upgrade,
    { text: `watch it come up: ${watch.command} (${watch.why}), then: ${checkAgain} (state calico-upgraded)`,
      commands: [{ command: watch.command, why: `watch it come up: ${watch.why}` }, { command: checkAgain, why: 'expect state calico-upgraded' }] },
    step(cleanup, 'delete the TPRs and revoke their rules, once calico/node v2.5 runs everywhere', cleanup),
  ], dir, [
    line(`Migration done: backup in ${dir}, data in CRDs and verified, calico/node's role grants Calico v2.5's CRDs (its v2.4 TPR rules stay until cleanup).`, 'ok'),
    ...(migrated.data.snpsNotMigrated ? [line(`Not done: ${snpsLeftOut(migrated.data.snpsNotMigrated, commands.plugin('migrate', '--include-snp'))}`, 'warn')] : []),
  ]);
}

/** The DaemonSet's rollout counts, printed by kubectl itself (a 1.7 server sends no table for modern kubectl to show). */
const ROLLOUT_COLUMNS = 'custom-columns=DESIRED:.status.desiredNumberScheduled,UP-TO-DATE:.status.updatedNumberScheduled,AVAILABLE:.status.numberAvailable';

/** kubectl's rollout status serves RollingUpdate only (it fails at once on OnDelete): otherwise, watch the counts. */
function watchRollout(commands: NextCommands, namespace: string, name: string, strategy: string | undefined): NextCommand {
  return strategy === 'RollingUpdate'
    ? { command: commands.kubectl('-n', namespace, 'rollout', 'status', `daemonset/${name}`), why: 'every pod Ready, no restarts' }
    : { command: commands.kubectl('-n', namespace, 'get', `daemonset/${name}`, '-o', ROLLOUT_COLUMNS, '-w'), why: 'UP-TO-DATE and AVAILABLE reach DESIRED, no restarts' };
}

function titled(step: string, tables: Table[]): Table[] {
  return tables.map((t, i) => (i === 0 ? { ...t, title: `== ${step} ==${t.title ? `\n${t.title}` : ''}` } : t));
}
