// What adding a verb or a flag must not forget: each verb that talks to the cluster has its permissions declared
// (check reports them), every permission entry names a real verb (or kubectl's own upgrade step), and the README
// documents every flag that help shows.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { PLUGIN_VERBS } from '../../src/calico/permissions.js';
import type { Flag } from '../../src/cli/flag.js';
import { GLOBAL_FLAGS } from '../../src/cli/flags.js';
import { VERBS } from '../../src/cli/verbs/index.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
/** Verbs that need no permissions of their own: they read nothing, or only what the verbs they run declare. */
const NO_PERMISSIONS = new Set(['version', 'completion', 'run']);
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

test.run();
