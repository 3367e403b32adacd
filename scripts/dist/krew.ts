// Krew's manifest rules, re-implemented because neither krew nor validate-krew-manifest can be installed here
// (kubernetes-sigs/krew `internal/index/validation`): the structural checks of krew's validation.ValidatePlugin, the extra
// checks of krew-index CI (supported and non-overlapping selectors, LICENSE installed), the review conventions
// (shortDescription <= 50, description and caveats wrapped at 80), plus unknown fields (krew ignores them, so a typo
// such as "sha265" would pass krew and install nothing useful).
import { load } from 'js-yaml';
import { basename, extname } from 'node:path';

export const API_VERSION = 'krew.googlecontainertools.github.com/v1alpha2';

/** validate-krew-manifest's list of os/arch pairs krew supports. */
export const SUPPORTED = [
  'windows/386', 'windows/amd64', 'windows/arm64',
  'linux/386', 'linux/amd64', 'linux/arm', 'linux/arm64', 'linux/ppc64le',
  'darwin/386', 'darwin/amd64', 'darwin/arm64',
] as const;

const WINDOWS_RESERVED = ['CON', 'PRN', 'AUX', 'NUL', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`COM${n}`, `LPT${n}`])];
export const LICENSE_NAMES = ['license', 'license.txt', 'license.md', 'licenses', 'licenses.txt', 'licenses.md', 'copying', 'copying.txt'];

export interface Expression { key: string; operator: string; values?: string[] }
export interface Selector { matchLabels?: Record<string, string>; matchExpressions?: Expression[] }
export interface FileOperation { from: string; to: string }
export interface Platform { uri: string; sha256: string; selector: Selector; files?: FileOperation[]; bin: string }
export interface Manifest {
  apiVersion: string; kind: string; metadata: { name: string };
  spec: { version: string; shortDescription: string; description?: string; caveats?: string; homepage?: string; platforms: Platform[] };
}

export interface Validation { errors: string[]; manifest?: Manifest; covered: string[] }

const KNOWN_FIELDS: Record<string, string[]> = {
  '': ['apiVersion', 'kind', 'metadata', 'spec'],
  metadata: ['name', 'labels', 'annotations'],
  spec: ['version', 'shortDescription', 'description', 'caveats', 'homepage', 'platforms'],
  platform: ['uri', 'sha256', 'selector', 'files', 'bin'],
  selector: ['matchLabels', 'matchExpressions'],
  expression: ['key', 'operator', 'values'],
  file: ['from', 'to'],
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** k8s.io/apimachinery version.ParseSemantic after krew strips the required leading "v". */
export function isKrewVersion(version: string): boolean {
  const id = '[0-9A-Za-z-]+';
  const numeric = '(0|[1-9][0-9]*)';
  return new RegExp(`^v${numeric}\\.${numeric}\\.${numeric}(-${id}(\\.${id})*)?(\\+${id}(\\.${id})*)?$`).test(version);
}

/** A metav1.LabelSelector against the labels {os, arch}, as labels.Selector.Matches does. */
export function selectorMatches(sel: Selector, os: string, arch: string): boolean {
  const labels: Record<string, string> = { os, arch };
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = e.key in labels;
    const value = labels[e.key] as string;
    const ok = e.operator === 'In' ? has && (e.values ?? []).includes(value)
      : e.operator === 'NotIn' ? !has || !(e.values ?? []).includes(value)
        : e.operator === 'Exists' ? has
          : e.operator === 'DoesNotExist' ? !has : false;
    if (!ok) return false;
  }
  return true;
}

/** Line length rule of validate-krew-manifest: a longer line is fine only when it is one word. */
const overlongLines = (text: string, max: number): string[] =>
  text.split('\n').filter((l) => l.length > max && l.trim().includes(' '));

export function validateManifest(text: string, fileName: string): Validation {
  const errors: string[] = [];
  const fail = (message: string): Validation => ({ errors: [...errors, message], covered: [] });

  if (extname(fileName) !== '.yaml') return fail(`the manifest file must end in .yaml, not "${extname(fileName)}"`);
  const nameFromFile = basename(fileName, '.yaml');
  let doc: unknown;
  try {
    doc = load(text);
  } catch (err) {
    return fail(`not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!isRecord(doc)) return fail('the manifest is not a mapping');
  const unknownFields = (obj: unknown, kind: string, where: string): void => {
    if (!isRecord(obj)) return;
    for (const key of Object.keys(obj)) if (!(KNOWN_FIELDS[kind] as string[]).includes(key)) errors.push(`${where}${key}: unknown field`);
  };
  unknownFields(doc, '', '');
  unknownFields(doc.metadata, 'metadata', 'metadata.');
  unknownFields(doc.spec, 'spec', 'spec.');

  if (doc.apiVersion !== API_VERSION) errors.push(`apiVersion must be ${API_VERSION}, not ${JSON.stringify(doc.apiVersion)}`);
  if (doc.kind !== 'Plugin') errors.push(`kind must be Plugin, not ${JSON.stringify(doc.kind)}`);
  if (!/^[\w-]+$/.test(nameFromFile) || WINDOWS_RESERVED.includes(nameFromFile.toUpperCase())) {
    errors.push(`the plugin name "${nameFromFile}" (from the file name) is not allowed: must match ^[\\w-]+$ and not be a Windows device name`);
  }
  const name = isRecord(doc.metadata) ? doc.metadata.name : undefined;
  if (name !== nameFromFile) errors.push(`metadata.name must equal the file name "${nameFromFile}", not ${JSON.stringify(name)}`);

  const spec = isRecord(doc.spec) ? doc.spec : {};
  const short = spec.shortDescription;
  if (typeof short !== 'string' || short === '') errors.push('spec.shortDescription is required');
  else {
    if (/[\r\n]/.test(short)) errors.push('spec.shortDescription must be one line');
    if (short.length > 50) errors.push(`spec.shortDescription has ${short.length} characters; krew-index reviewers ask for at most 50`);
  }
  if (typeof spec.description !== 'string' || spec.description.trim() === '') errors.push('spec.description is required (krew docs)');
  for (const field of ['description', 'caveats'] as const) {
    const value = spec[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') { errors.push(`spec.${field} must be a string`); continue; }
    for (const l of overlongLines(value, 80)) errors.push(`spec.${field} has a line over 80 characters (${l.length}): "${l.slice(0, 40)}…"`);
  }
  if (typeof spec.version !== 'string' || spec.version === '') errors.push('spec.version is required');
  else if (!isKrewVersion(spec.version)) errors.push(`spec.version "${spec.version}" must be "v" followed by a semantic version (vMAJOR.MINOR.PATCH)`);

  const platforms = spec.platforms;
  if (!Array.isArray(platforms) || platforms.length === 0) {
    errors.push('spec.platforms needs at least one platform');
    return { errors, covered: [] };
  }
  platforms.forEach((p: unknown, i: number) => validatePlatform(p, `spec.platforms[${i}]`, errors, unknownFields));

  // krew-index CI: every platform is used by some supported pair, and no pair is served twice.
  const covered: string[] = [];
  const selectors = platforms.map((p: unknown) => (isRecord(p) && isRecord(p.selector) ? (p.selector as Selector) : undefined));
  selectors.forEach((sel, i) => {
    if (sel && !SUPPORTED.some((pair) => selectorMatches(sel, ...(pair.split('/') as [string, string])))) {
      errors.push(`spec.platforms[${i}]'s selector matches no supported os/arch`);
    }
  });
  for (const pair of SUPPORTED) {
    const [os, arch] = pair.split('/') as [string, string];
    const matching = selectors.flatMap((sel, i) => (sel && selectorMatches(sel, os, arch) ? [i] : []));
    if (matching.length > 1) errors.push(`overlapping platform selectors: spec.platforms ${matching.join(', ')} all select ${pair}`);
    if (matching.length) covered.push(pair);
  }
  return { errors, manifest: errors.length ? undefined : (doc as unknown as Manifest), covered };
}

function validatePlatform(p: unknown, where: string, errors: string[], unknownFields: (obj: unknown, kind: string, where: string) => void): void {
  if (!isRecord(p)) { errors.push(`${where} must be a mapping`); return; }
  unknownFields(p, 'platform', `${where}.`);
  if (typeof p.uri !== 'string' || p.uri === '') errors.push(`${where}.uri is required`);
  if (typeof p.sha256 !== 'string' || p.sha256 === '') errors.push(`${where}.sha256 is required`);
  else if (!/^[a-f0-9]{64}$/.test(p.sha256)) errors.push(`${where}.sha256 must be 64 lowercase hex digits`);
  if (typeof p.bin !== 'string' || p.bin === '') errors.push(`${where}.bin is required`);
  if (p.files !== undefined && p.files !== null) {
    if (!Array.isArray(p.files) || p.files.length === 0) errors.push(`${where}.files must be omitted or non-empty`);
    else p.files.forEach((f: unknown, j: number) => {
      unknownFields(f, 'file', `${where}.files[${j}].`);
      if (!isRecord(f) || !f.from || !f.to) errors.push(`${where}.files[${j}] needs both from and to`);
    });
  }
  const sel = p.selector;
  if (!isRecord(sel)) { errors.push(`${where}.selector is required`); return; }
  unknownFields(sel, 'selector', `${where}.selector.`);
  const labels = sel.matchLabels;
  const expressions = sel.matchExpressions;
  if ((labels === undefined || labels === null) && (!Array.isArray(expressions) || expressions.length === 0)) {
    errors.push(`${where}.selector must not be empty`);
  }
  if (labels !== undefined && labels !== null && (!isRecord(labels) || Object.keys(labels).length === 0)) errors.push(`${where}.selector.matchLabels is empty`);
  if (expressions !== undefined && expressions !== null && (!Array.isArray(expressions) || expressions.length === 0)) errors.push(`${where}.selector.matchExpressions is empty`);
  const keys = [...Object.keys(isRecord(labels) ? labels : {}), ...(Array.isArray(expressions) ? expressions.map((e: unknown) => (isRecord(e) ? e.key : undefined)) : [])];
  for (const key of keys) if (key !== 'os' && key !== 'arch') errors.push(`${where}.selector uses key ${JSON.stringify(key)}; only os and arch are supported`);
  if (Array.isArray(expressions)) {
    expressions.forEach((e: unknown, j: number) => {
      unknownFields(e, 'expression', `${where}.selector.matchExpressions[${j}].`);
      if (isRecord(e) && !['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(String(e.operator))) {
        errors.push(`${where}.selector.matchExpressions[${j}].operator ${JSON.stringify(e.operator)} is not a label selector operator`);
      }
    });
  }
  // Krew can only link .exe entry points on Windows (krew#131).
  const windowsOnly = isRecord(labels) && labels.os === 'windows';
  if (windowsOnly && typeof p.bin === 'string' && !p.bin.endsWith('.exe')) errors.push(`${where}.bin must end in .exe for Windows`);
}
