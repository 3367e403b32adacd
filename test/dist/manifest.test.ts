// The krew manifest: every rule krew and krew-index CI enforce (each shown to reject a manifest that breaks it), and
// the project's template (plugin.yaml) rendered for a release passing all of them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { isKrewVersion, selectorMatches, validateManifest } from '../../scripts/dist/krew.js';
import { defaultBaseUrl, renderManifest, type ServedArchive } from '../../scripts/dist/manifest.js';
import { PLUGIN_VERSION, ROOT } from '../../scripts/dist/project.js';
import { archiveName, TARGETS } from '../../scripts/dist/targets.js';

const TEMPLATE = readFileSync(join(ROOT, 'plugin.yaml'), 'utf8');
const fakeSha = (seed: string): string => seed.repeat(64).slice(0, 64);

const SIX = ['darwin/amd64', 'darwin/arm64', 'linux/amd64', 'linux/arm64', 'windows/amd64', 'windows/arm64'];

/** What dist serves: every target its own archive. */
function servedToday(): Map<string, ServedArchive> {
  const served = new Map<string, ServedArchive>();
  TARGETS.forEach((t, i) => served.set(`${t.os}/${t.arch}`, { archive: archiveName(t), sha256: fakeSha(i.toString(16)) }));
  return served;
}

const render = (served = servedToday()): string =>
  renderManifest(TEMPLATE, { version: PLUGIN_VERSION, baseUrl: 'https://example.com/rel/v0', served });

test('the template renders to a manifest that passes every rule and covers the six krew platforms', () => {
  const text = render();
  const result = validateManifest(text, 'calico-migrate.yaml');
  assert.equal(result.errors, []);
  assert.equal(result.covered.sort(), SIX);
  const spec = result.manifest?.spec;
  assert.is(spec?.version, PLUGIN_VERSION);
  assert.is(spec?.platforms[0]?.uri, 'https://example.com/rel/v0/kubectl-calico_migrate-linux-amd64.tar.gz');
  assert.is(spec?.platforms.find((p) => p.selector.matchLabels?.os === 'windows')?.bin, 'kubectl-calico_migrate.exe');
  assert.not.match(text, /\{\{|^#/m);  // no placeholder and no template comment left
  assert.match(spec?.caveats ?? '', `store/calico-migrate/${PLUGIN_VERSION}/kubectl_complete-calico_migrate`);
});

test('each of the six platforms gets its own archive: native darwin/arm64 and windows/arm64, no Rosetta 2', () => {
  const platforms = validateManifest(render(), 'calico-migrate.yaml').manifest?.spec.platforms ?? [];
  assert.is(platforms.length, 6);
  for (const pair of SIX) {
    const [os, arch] = pair.split('/') as [string, string];
    const matching = platforms.filter((p) => selectorMatches(p.selector, os, arch));
    assert.is(matching.length, 1, pair);
    assert.ok(matching[0]?.uri.endsWith(`/kubectl-calico_migrate-${os}-${arch}.${os === 'windows' ? 'zip' : 'tar.gz'}`), matching[0]?.uri);
  }
  assert.is(new Set(platforms.map((p) => p.sha256)).size, 6);
  assert.not.match(render(), /Rosetta/);
});

test('rendering refuses a release missing a required platform, or a template with an unknown placeholder', () => {
  for (const pair of ['linux/arm64', 'darwin/arm64', 'windows/arm64']) {
    const served = servedToday();
    served.delete(pair);
    assert.throws(() => render(served), new RegExp(`archive for ${pair.replace('/', '\\/')}`), pair);
  }
  assert.throws(() => renderManifest(TEMPLATE.replace('homepage: ', 'homepage: "{{what}}" # '), { version: 'v1.0.0', baseUrl: 'x', served: servedToday() }), /unknown placeholder \{\{what\}\}/);
});

test('the default release URL is the homepage repository\'s GitHub release', () => {
  const homepage = (load(TEMPLATE) as { spec: { homepage: string } }).spec.homepage;
  assert.match(homepage, /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
  assert.is(defaultBaseUrl(TEMPLATE, 'v1.2.3'), `${homepage}/releases/download/v1.2.3`);
});

// A valid manifest, broken one rule at a time.
type Doc = Record<string, any>;
const valid = (): Doc => load(render()) as Doc;
const check = (doc: Doc, file = 'calico-migrate.yaml'): string[] => validateManifest(dump(doc, { lineWidth: -1 }), file).errors;

const broken: Array<[string, (d: Doc) => void, RegExp, string?]> = [
  ['apiVersion', (d) => { d.apiVersion = 'krew.googlecontainertools.github.com/v1alpha1'; }, /apiVersion must be/],
  ['kind', (d) => { d.kind = 'Plugins'; }, /kind must be Plugin/],
  ['name = file name', (d) => { d.metadata.name = 'calico'; }, /metadata\.name must equal the file name "calico-migrate"/],
  ['file extension', () => undefined, /must end in \.yaml/, 'calico-migrate.yml'],
  ['safe name', (d) => { d.metadata.name = 'calico migrate'; }, /is not allowed/, 'calico migrate.yaml'],
  ['Windows device name', (d) => { d.metadata.name = 'nul'; }, /is not allowed/, 'nul.yaml'],
  ['shortDescription present', (d) => { delete d.spec.shortDescription; }, /shortDescription is required/],
  ['shortDescription one line', (d) => { d.spec.shortDescription = 'Migrate Calico\ndata'; }, /must be one line/],
  ['shortDescription ≤ 50', (d) => { d.spec.shortDescription = 'x'.repeat(51); }, /51 characters/],
  ['description present', (d) => { delete d.spec.description; }, /description is required/],
  ['description wrapped at 80', (d) => { d.spec.description = `${'word '.repeat(17)}\n`; }, /description has a line over 80/],
  ['caveats wrapped at 80', (d) => { d.spec.caveats = `${'word '.repeat(17)}\n`; }, /caveats has a line over 80/],
  ['version has a v', (d) => { d.spec.version = '0.1.0'; }, /must be "v" followed by a semantic version/],
  ['version is semver', (d) => { d.spec.version = 'v1.2'; }, /semantic version/],
  ['a platform', (d) => { d.spec.platforms = []; }, /at least one platform/],
  ['uri', (d) => { delete d.spec.platforms[0].uri; }, /platforms\[0\]\.uri is required/],
  ['sha256 present', (d) => { delete d.spec.platforms[1].sha256; }, /platforms\[1\]\.sha256 is required/],
  ['sha256 lowercase hex', (d) => { d.spec.platforms[0].sha256 = 'A'.repeat(64); }, /64 lowercase hex/],
  ['sha256 length', (d) => { d.spec.platforms[0].sha256 = 'a'.repeat(63); }, /64 lowercase hex/],
  ['bin', (d) => { delete d.spec.platforms[0].bin; }, /bin is required/],
  ['Windows bin is .exe', (d) => { d.spec.platforms[4].bin = 'kubectl-calico_migrate'; }, /must end in \.exe/],
  ['files non-empty', (d) => { d.spec.platforms[0].files = []; }, /files must be omitted or non-empty/],
  ['files from/to', (d) => { d.spec.platforms[0].files = [{ from: '*' }]; }, /needs both from and to/],
  ['selector present', (d) => { delete d.spec.platforms[0].selector; }, /selector is required/],
  ['selector not empty', (d) => { d.spec.platforms[0].selector = {}; }, /selector must not be empty/],
  ['matchLabels not empty', (d) => { d.spec.platforms[0].selector = { matchLabels: {}, matchExpressions: [{ key: 'os', operator: 'In', values: ['linux'] }] }; }, /matchLabels is empty/],
  ['selector keys', (d) => { d.spec.platforms[0].selector.matchLabels.distro = 'debian'; }, /key "distro"; only os and arch/],
  ['supported os/arch', (d) => { d.spec.platforms[0].selector.matchLabels = { os: 'linux', arch: 's390x' }; }, /matches no supported os\/arch/],
  ['no overlap', (d) => { d.spec.platforms[1].selector = { matchLabels: { os: 'linux' } }; }, /overlapping platform selectors: spec\.platforms 0, 1 all select linux\/amd64/],
  ['unknown field', (d) => { d.spec.platforms[0].sha265 = d.spec.platforms[0].sha256; }, /platforms\[0\]\.sha265: unknown field/],
];

for (const [rule, breakIt, message, file] of broken) {
  test(`rule: ${rule}`, () => {
    const doc = valid();
    assert.equal(check(doc), [], 'the unbroken manifest is valid');
    breakIt(doc);
    const errors = check(doc, file);
    assert.ok(errors.some((e) => message.test(e)), `expected ${message} among ${JSON.stringify(errors)}`);
  });
}

test('matchExpressions select like Kubernetes label selectors', () => {
  const both = { matchExpressions: [{ key: 'os', operator: 'In', values: ['darwin'] }, { key: 'arch', operator: 'In', values: ['amd64', 'arm64'] }] };
  assert.ok(selectorMatches(both, 'darwin', 'arm64'));
  assert.not.ok(selectorMatches(both, 'linux', 'arm64'));
  assert.ok(selectorMatches({ matchExpressions: [{ key: 'os', operator: 'NotIn', values: ['windows'] }] }, 'linux', 'arm'));
  const doc = valid();
  doc.spec.platforms.splice(2, 2, { ...doc.spec.platforms[2], selector: both });
  assert.equal(check(doc), []);
});

test('versions: krew wants v + MAJOR.MINOR.PATCH, pre-release and build allowed, no leading zeros', () => {
  for (const ok of ['v0.1.0', 'v1.10.3', 'v1.0.0-rc.1', 'v1.0.0+build.5']) assert.ok(isKrewVersion(ok), ok);
  for (const bad of ['0.1.0', 'v1.0', 'v01.0.0', 'v1.0.0-', 'V1.0.0', 'v1.0.0.0']) assert.not.ok(isKrewVersion(bad), bad);
});

test.run();
