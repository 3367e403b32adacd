// npm run test:dist: the zsh and fish scripts, and the bash script on top of bash-completion (its word rejoining
// path), driving the host binary. The shells come from Debian (scripts/dist/prepare-test.ts installs them).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { hostBinary } from '../support/host-binary.js';
import { run } from '../support/run.js';
import { OUTPUT_FORMATS } from '../../../src/report/render.js';

const work = mkdtempSync(join(tmpdir(), 'shells-test-'));
const kubeconfig = join(work, 'config');
writeFileSync(kubeconfig, 'contexts:\n- {name: "prod:eu", context: {cluster: c, user: u}}\n- {name: dev, context: {cluster: c, user: u}}\n');
test.after(() => rmSync(work, { recursive: true, force: true }));

const env = (): Record<string, string> => ({ PATH: `${dirname(hostBinary().path)}:${process.env.PATH ?? ''}`, KUBECONFIG: kubeconfig, HOME: work });
const outputLines = async (cmd: string, args: string[]): Promise<string[]> => {
  const r = await run(cmd, args, { env: env() });
  assert.is(r.code, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean);
};

test('fish: `complete -C` through the script gives verbs with descriptions, -o values, contexts, directories', async () => {
  const fish = (line: string) => outputLines('fish', ['--no-config', '-c', `kubectl-calico_migrate completion fish | source; complete -C"${line}"`]);
  assert.equal(await fish('kubectl-calico_migrate ver'), [
    "verify\tCompare TPR data (or a backup) with the CRDs using Calico v2.5's reading rules (exit 0 match, 1 differences)",
    'version\tPrint the client version, and the server version and context when reachable',
  ]);
  assert.equal((await fish('kubectl-calico_migrate version -o ')).sort(), [...OUTPUT_FORMATS].sort());
  assert.equal((await fish('kubectl-calico_migrate --context ')).sort(), ['dev', 'prod:eu']);
  assert.equal(await fish(`kubectl-calico_migrate backup --dir ${dirname(work)}/${work.split('/').pop()}`), [`${work}/\tDirectory`]);
});

test('zsh: the completion function hands _describe "name:description" pairs (colons escaped), _files or _path_files -/', async () => {
  const harness = [
    'compdef() { :; }',
    '_describe() { local -a pairs; pairs=("${(@P)4}"); print -rl -- "${pairs[@]}"; }',
    '_files() { print -r -- "<files>"; }',
    '_path_files() { print -r -- "<path_files $*>"; }',
    'source <(kubectl-calico_migrate completion zsh)',
    'words=("${(@z)1}"); [[ $1 == *" " ]] && words+=("")',
    'CURRENT=${#words}',
    '__kubectl_calico_migrate_complete',
  ].join('\n');
  const zsh = (line: string) => outputLines('zsh', ['-f', '-c', harness, 'zsh', line]);
  assert.equal(await zsh('kubectl-calico_migrate ver'), [
    "verify:Compare TPR data (or a backup) with the CRDs using Calico v2.5's reading rules (exit 0 match, 1 differences)",
    'version:Print the client version, and the server version and context when reachable',
  ]);
  assert.equal(await zsh('kubectl-calico_migrate version -o '), [...OUTPUT_FORMATS]);
  assert.equal(await zsh('kubectl-calico_migrate --context '), ['prod\\:eu', 'dev']);
  assert.equal(await zsh('kubectl-calico_migrate backup --dir '), ['<path_files -/>']);
  assert.equal(await zsh('kubectl-calico_migrate --kubeconfig '), ['<files>']);
  assert.equal(await zsh('kubectl-calico_migrate --token '), []);
});

test('bash with bash-completion: words split at = and : are rejoined, and only the part after the break is offered', async () => {
  const harness = [
    'source /usr/share/bash-completion/bash_completion',
    'source <(kubectl-calico_migrate completion bash)',
    'COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; shift',
    'COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))',
    '__kubectl_calico_migrate_complete',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  // COMP_WORDS as readline splits the line (COMP_WORDBREAKS holds = and :).
  const bash = (line: string, ...words: string[]) => outputLines('bash', ['-c', harness, 'bash', line, ...words]);
  assert.equal(await bash('kubectl-calico_migrate ver', 'kubectl-calico_migrate', 'ver'), ['verify', 'version']);
  assert.equal(await bash('kubectl-calico_migrate --context=pr', 'kubectl-calico_migrate', '--context', '=', 'pr'), ['prod:eu']);
  assert.equal(await bash('kubectl-calico_migrate --context prod:', 'kubectl-calico_migrate', '--context', 'prod', ':'), ['eu']);
  assert.equal(await bash('kubectl-calico_migrate -o ', 'kubectl-calico_migrate', '-o', ''), [...OUTPUT_FORMATS]);
});

test.run();
