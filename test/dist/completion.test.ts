// Shell completion: the engine (verbs, flags, --context names from the kubeconfig, -o values) as kubectl's plugin
// protocol, the `completion` verb, and the bash script driving the real binary. zsh and fish: foreign/shells.dist-test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { GLOBAL_FLAGS } from '../../src/cli/flags.js';
import { VERBS } from '../../src/cli/verbs/index.js';
import { complete, DIRECTIVE, type NameSource } from '../../src/completion/complete.js';
import { kubeconfigNames } from '../../src/completion/kubeconfig-names.js';
import { cliSpec } from '../../src/completion/spec.js';
import { OUTPUT_FORMATS } from '../../src/report/render.js';
import { runCli } from '../support/cli.js';
import { hostBinary } from './support/host-binary.js';
import { run } from './support/run.js';

const spec = cliSpec(VERBS, GLOBAL_FLAGS);
const noNames: NameSource = () => [];
const values = (words: string[], names: NameSource = noNames): string[] => complete(words, spec, names).candidates.map((c) => c.value);
const VERB_NAMES = VERBS.map((v) => v.name);

const work = mkdtempSync(join(tmpdir(), 'completion-test-'));
const kubeconfigA = join(work, 'a.yaml');
const kubeconfigB = join(work, 'b.yaml');
writeFileSync(kubeconfigA, [
  'apiVersion: v1', 'kind: Config', 'current-context: prod:eu',
  'clusters: [{name: c1, cluster: {server: "https://a"}}]', 'users: [{name: u1, user: {token: t}}]',
  'contexts:', '- {name: "prod:eu", context: {cluster: c1, user: u1}}', '- {name: dev, context: {cluster: c1, user: u1}}', '',
].join('\n'));
writeFileSync(kubeconfigB, [
  'clusters: [{name: c2, cluster: {server: "https://b"}}]', 'users: [{name: u2, user: {token: t}}]',
  'contexts:', '- {name: staging, context: {cluster: c2, user: u2}}', '- {name: dev, context: {cluster: c2, user: u2}}', '',
].join('\n'));
test.after(() => rmSync(work, { recursive: true, force: true }));

test('the spec is read from the declared flags: every verb, its own flags, the shared flags', () => {
  assert.equal(spec.verbs.map((v) => v.name), VERB_NAMES);
  assert.equal(spec.verbs.find((v) => v.name === 'completion')?.positionals, ['shell']);
  const migrate = spec.verbs.find((v) => v.name === 'migrate')?.flags.map((f) => f.name) ?? [];
  assert.ok(migrate.includes('dry-run') && migrate.includes('include-snp'), migrate.join());
  const output = spec.globalFlags.find((f) => f.name === 'output');
  assert.equal([output?.short, output?.takesValue], ['o', true]);
  const verbose = spec.globalFlags.find((f) => f.name === 'verbose');
  assert.equal([verbose?.short, verbose?.takesValue, verbose?.repeatable], ['v', false, true]);
});

test('verbs: all of them for an empty word, by prefix otherwise, with their descriptions; no file names', () => {
  assert.equal(values(['']), VERB_NAMES);
  assert.equal(values(['ver']), ['verify', 'version']);
  assert.equal(values(['-n', 'calico', 'mig']), ['migrate']);
  const c = complete(['ch'], spec, noNames);
  assert.is(c.directive, DIRECTIVE.noFileComp);
  assert.match(c.candidates[0]?.description ?? '', /need this migration/);
});

test('flags: the verb\'s own and the shared ones, long and short, once unless repeatable', () => {
  assert.equal(values(['migrate', '--d']), ['--dry-run', '--diff']);
  assert.equal(values(['migrate', '--dry-run', '--d']), ['--diff']);
  assert.ok(values(['migrate', '--dry-run', '-']).includes('-v'));
  assert.equal(values(['version', '-o']), ['-o']);
  assert.equal(values(['--ver']), ['--verbose', '--version']);       // --version only before a verb
  assert.equal(values(['check', '--ver']), ['--verbose']);
  assert.equal(values(['migrate', '--as-group', 'a', '--as-g']), ['--as-group']);
  assert.equal(values(['migrate', '--', '--d']), []);              // after "--", words are arguments
});

test('-o/--output values: the renderers\' formats, in every spelling', () => {
  assert.equal(values(['version', '-o', '']), [...OUTPUT_FORMATS]);
  assert.equal(values(['version', '--output', 'j']), ['json']);
  assert.equal(values(['version', '--output=y']), ['--output=yaml']);
  assert.equal(values(['--color', '']), ['auto', 'always', 'never']);
  assert.equal(values(['restore', '--target', '']), ['tpr', 'crd']);
  assert.equal(values(['completion', '']), ['bash', 'zsh', 'fish']);
  assert.equal(values(['completion', 'bash', '']), []);
});

test('--context, --cluster, --user: names from the kubeconfig kubectl would read (KUBECONFIG merged, --kubeconfig alone)', () => {
  const names = kubeconfigNames({ KUBECONFIG: `${kubeconfigA}:${join(work, 'missing.yaml')}:${kubeconfigB}`, HOME: work });
  assert.equal(values(['--context', ''], names), ['prod:eu', 'dev', 'staging']);
  assert.equal(values(['migrate', '--context', 'pr'], names), ['prod:eu']);
  assert.equal(values(['--context=d'], names), ['--context=dev']);
  assert.equal(values(['--kubeconfig', kubeconfigB, 'check', '--context', ''], names), ['staging', 'dev']);
  assert.equal(values(['--cluster', ''], names), ['c1', 'c2']);
  assert.equal(values(['--user', 'u'], names), ['u1', 'u2']);
  assert.equal(values(['--context', ''], kubeconfigNames({ KUBECONFIG: join(work, 'a.yaml.gone'), HOME: work })), []);
});

test('file and directory flags hand over to the shell: files for --kubeconfig, directories for --dir/--backup', () => {
  assert.equal(complete(['--kubeconfig', ''], spec, noNames), { candidates: [], directive: DIRECTIVE.default });
  assert.equal(complete(['backup', '-d', ''], spec, noNames), { candidates: [], directive: DIRECTIVE.filterDirs });
  assert.equal(complete(['cleanup', '--backup', 'x'], spec, noNames), { candidates: [], directive: DIRECTIVE.filterDirs });
  assert.equal(complete(['--token', ''], spec, noNames), { candidates: [], directive: DIRECTIVE.noFileComp });
  assert.equal(complete(['nonsense', ''], spec, noNames), { candidates: [], directive: DIRECTIVE.noFileComp });
});

test('completion __complete speaks kubectl\'s plugin protocol: "value<TAB>description" lines, then ":<directive>"', async () => {
  const r = await runCli(['completion', '__complete', '--', '--context', ''], { env: { KUBECONFIG: kubeconfigA } });
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, 'prod:eu\ndev\n:4\n');
  const verbs = await runCli(['completion', '__complete', '--', 'ch']);
  assert.match(verbs.stdout, /^check\tDo I need this migration[^\n]*\n:4\n$/);
  // Words that look like bad flags to the parser are only words here.
  const flags = await runCli(['completion', '__complete', '--', 'version', '-o', '']);
  assert.is(flags.stdout, `${OUTPUT_FORMATS.join('\n')}\n:4\n`);
});

test('completion bash|zsh|fish prints the script; no or another shell is a usage error (exit 4)', async () => {
  for (const shell of ['bash', 'zsh', 'fish']) {
    const r = await runCli(['completion', shell]);
    assert.is(r.code, 0);
    assert.match(r.stdout, `${shell} completion for kubectl-calico_migrate`);
    assert.match(r.stdout, 'completion __complete --');
    const json = await runCli(['completion', shell, '-o', 'json']);
    assert.is(JSON.parse(json.stdout).script, r.stdout.trimEnd());
  }
  assert.is((await runCli(['completion'])).code, 4);
  const tcsh = await runCli(['completion', 'tcsh']);
  assert.is(tcsh.code, 4);
  assert.match(tcsh.stderr, 'unsupported shell "tcsh": must be one of bash, zsh, fish');
  const help = await runCli(['--help']);
  assert.not.match(help.stdout, '__complete');
});

test('bash: the script completes the real binary (verbs, -o values, --context=, colons in names, directories)', async () => {
  const { path } = hostBinary();
  const harness = [
    'source <(kubectl-calico_migrate completion bash)',
    'COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}',
    '__kubectl_calico_migrate_complete',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const complete = async (line: string): Promise<string[]> => {
    const r = await run('bash', ['-c', harness, 'bash', line], { env: { PATH: `${dirname(path)}:${process.env.PATH ?? ''}`, KUBECONFIG: kubeconfigA, HOME: work } });
    assert.is(r.code, 0, r.stderr);
    return r.stdout.split('\n').filter(Boolean);
  };
  assert.equal(await complete('kubectl-calico_migrate ver'), ['verify', 'version']);
  assert.equal(await complete('kubectl-calico_migrate version -o '), [...OUTPUT_FORMATS]);
  // bash replaces only what follows the last "=" or ":" of the word.
  assert.equal(await complete('kubectl-calico_migrate --context=pr'), ['prod:eu']);
  assert.equal(await complete('kubectl-calico_migrate --context prod:'), ['eu']);
  assert.equal(await complete(`kubectl-calico_migrate backup --dir ${work}/`), []);
  assert.equal(await complete(`kubectl-calico_migrate backup --dir ${dirname(work)}/${work.split('/').pop()?.slice(0, -2)}`), [work]);
});

test.run();
