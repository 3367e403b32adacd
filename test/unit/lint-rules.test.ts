// The layering rules and import/no-cycle of .oxlintrc.json catch what they are for: run the project's linter with the
// project's config over a scratch tree laid out like src/, holding one violation of each rule (and one clean file).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = new URL('../..', import.meta.url).pathname;
const OXLINT = path.join(ROOT, 'node_modules/.bin/oxlint');

function lint(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lint-rules-'));
  copyFileSync(path.join(ROOT, '.oxlintrc.json'), path.join(dir, '.oxlintrc.json'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  const r = spawnSync(OXLINT, ['--disable-nested-config', '-f', 'unix', 'src'], { cwd: dir, encoding: 'utf8' });
  return r.stdout + r.stderr;
}

test('a layer importing what it must not is an error naming the rule; an allowed import is not', () => {
  const out = lint({
    'src/cli/flags.ts': 'export const x = 1;\n',
    'src/kube/ok.ts': "import { y } from './other.js';\nexport const z = y;\n",
    'src/kube/other.ts': 'export const y = 2;\n',
    'src/kube/bad.ts': "import { x } from '../cli/flags.js';\nexport const k = x;\n",
    'src/calico/bad.ts': "import fs from 'node:fs';\nexport const c = fs;\n",
    'src/report/bad.ts': "import { y } from '../kube/other.js';\nexport const r = y;\n",
    'src/cluster/ok.ts': "import { y } from '../kube/other.js';\nexport const ok = y;\n",
    'src/cluster/bad.ts': "import { x } from '../cli/flags.js';\nexport const b = x;\n",
    'src/backup/bad.ts': "import { x } from '../cli/flags.js';\nexport const b = x;\n",
    'src/steps/bad.ts': "import { x } from '../cli/flags.js';\nexport const s = x;\n",
  });
  for (const file of ['src/kube/bad.ts', 'src/calico/bad.ts', 'src/report/bad.ts', 'src/cluster/bad.ts', 'src/backup/bad.ts', 'src/steps/bad.ts']) {
    assert.match(out, new RegExp(`${file.replace(/\./g, '\\.')}:\\d+:\\d+: .*no-restricted-imports`), file);
  }
  for (const file of ['src/kube/ok.ts', 'src/cluster/ok.ts']) assert.not.match(out, file, file);
});

test('an import cycle is an error', () => {
  const out = lint({
    'src/steps/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
    'src/steps/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
  });
  assert.match(out, /src\/steps\/a\.ts:\d+:\d+: .*no-cycle/);
});

test.run();
