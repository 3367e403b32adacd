// A differential, adversarial test of MetadataListScanner: thousands of random list bodies (from fixed seeds, so a
// failure reproduces) scanned in random chunkings and compared with what JSON.parse reads; and the same bodies
// damaged (truncated, a bracket flipped, a quote deleted or inserted, brackets unbalanced after an item's metadata,
// something outside the list object), where the scanner must throw NotJsonError or, only where what it does not
// validate was damaged, return results that agree with the undamaged body for the items before the damage.
//
// The cases run in a worker thread so that a scanner that loops forever is reported (with the case it was on) instead
// of hanging the run. FUZZ_SEED=<n> runs other seeds; FUZZ_CASE=<i> runs only case i (what a failure message names).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { MetadataListScanner, NotJsonError, type MetadataList } from '../../src/kube/metadata-list.js';
import { seededRandom } from '../cluster/faults.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20240611);
const ONLY = process.env.FUZZ_CASE === undefined ? undefined : Number(process.env.FUZZ_CASE);
const VALID_CASES = 2000;
const MALFORMED_CASES = 3000;
/** Generous: the whole file takes a few seconds; a case takes well under a millisecond. */
const DEADLINE_MS = 60_000;

type Rng = () => number;
const int = (r: Rng, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[int(r, xs.length)]!;
const chance = (r: Rng, p: number): boolean => r() < p;

// ---------------------------------------------------------------------------------------------------------------
// Values, and a serializer that writes them the many ways JSON allows (JSON.stringify writes one of them only).

/** An object with its keys in a chosen order; `mark` records where an item, or an item's metadata, ends. */
class Obj { constructor(readonly entries: Array<[string, Value]>, readonly mark?: 'item' | 'metadata') {} }
/** A number written as given (`1E+2`, `-0.0`, …). */
class Num { constructor(readonly text: string) {} }
type Value = string | boolean | null | Num | Value[] | Obj;

const PIECES = ['"', '\\', '\\"', '\\\\"', '\\\\\\"', '\\\\\\\\', '{', '}', '[', ']', '{}', '[]', '"metadata":{', '"metadata":{"name":"fake"}}',
  '"items":[', '}]}', ']}', '},{', 'é', '✓', '𝄞', 'ünïcødé', 'a', 'node-1', ' ', ':', ',', '\n', '\r\n', '\t', '\u0000', '\u001f', '\u007f', '/',
  '\u2028', 'metadata', 'items', '\\u0022', 'projectcalico.org/'];
function text(r: Rng): string {
  let s = '';
  // now and then a run of backslashes before a quote, sometimes longer than a chunk
  for (let n = int(r, 7); n > 0; n--) s += chance(r, 0.15) ? `${'\\'.repeat(chance(r, 0.1) ? int(r, 80) : int(r, 7))}"` : pick(r, PIECES);
  return s;
}
const NUMBERS = ['0', '-0', '1', '-17', '3.25', '-0.5e-3', '1E+2', '6.02e23', '1e400', '123456789012345678901234567890', '0.000001', '-0.0'];
const number = (r: Rng): Num => new Num(chance(r, 0.5) ? pick(r, NUMBERS) : String(int(r, 1e6) - 5e5));

/** An object whose keys are distinct (a tricky key carries a prefix no other key of the object has). */
function object(r: Rng, named: Array<[string, Value]>, extra: number, depth: number, mark?: Obj['mark']): Obj {
  const entries = [...named];
  for (let k = 0; k < extra; k++) entries.splice(int(r, entries.length + 1), 0, [`k${k}|${text(r)}`, value(r, depth)]);
  return new Obj(entries, mark);
}

/** Anything, nested up to `depth`, with now and then a decoy: metadata or items where they are not an item's. */
function value(r: Rng, depth: number): Value {
  switch (int(r, depth > 0 ? 10 : 6)) {
    case 0: case 1: return text(r);
    case 2: return number(r);
    case 3: return pick(r, [true, false, null]);
    case 4: return '';
    case 5: return chance(r, 0.5) ? [] : new Obj([]);
    case 6: case 7: return Array.from({ length: int(r, 4) }, () => value(r, depth - 1));
    case 8: return object(r, [], int(r, 4), depth - 1);
    default: return object(r, [[pick(r, ['metadata', 'items']), chance(r, 0.5) ? metadata(r, depth - 1) : [object(r, [['metadata', metadata(r, 0)]], 1, 0)]]], int(r, 2), depth - 1);
  }
}

const ANNOTATION_KEYS = ['projectcalico.org/IPv4Address', 'projectcalico.org/ASNumber', 'peer.bgp.projectcalico.org/p1', 'node.alpha.kubernetes.io/ttl',
  'projectcalico.org/"quoted"\\', 'é/✓𝄞', '', '__proto__', 'constructor', 'toString', 'xprojectcalico.org/', 'metadata'];

/** An item's (or the list's) metadata: JSON.parse reads it, so anything valid goes, decoys included. */
function metadata(r: Rng, depth: number, mark?: Obj['mark']): Obj {
  const named: Array<[string, Value]> = [];
  if (chance(r, 0.95)) named.push(['name', chance(r, 0.9) ? text(r) : value(r, 1)]);
  if (chance(r, 0.5)) named.push(['namespace', text(r)]);
  if (chance(r, 0.8)) named.push(['resourceVersion', chance(r, 0.9) ? String(int(r, 1e6)) : value(r, 0)]);
  if (chance(r, 0.3)) named.push(['uid', text(r)]);
  if (chance(r, 0.85)) {
    const keys = ANNOTATION_KEYS.filter(() => chance(r, 0.3));
    const annotations: Array<[string, Value]> = keys.map((k) => [k, chance(r, 0.95) ? text(r) : value(r, 1)]);
    named.push(['annotations', chance(r, 0.95) ? object(r, annotations, int(r, 3), 0) : value(r, 1)]);
  }
  if (chance(r, 0.3)) named.push(['labels', object(r, [], int(r, 3), 0)]);
  if (chance(r, 0.2) && depth > 0) named.push([pick(r, ['ownerReferences', 'metadata', 'items']), value(r, depth)]);
  for (let k = named.length - 1; k > 0; k--) { const j = int(r, k + 1); [named[k], named[j]] = [named[j]!, named[k]!]; }
  return object(r, named, int(r, 2), 0, mark);
}

/** One entry of "items": mostly an object with metadata first, in the middle, last, or none (or not an object). */
function item(r: Rng): Value {
  const roll = r();
  if (roll < 0.03) return pick(r, [text(r), number(r), true, null, [value(r, 2)]]);  // not an object
  if (roll < 0.05) return [object(r, [['metadata', metadata(r, 1)]], 0, 0)];  // an array holding an "item"
  const rest: Array<[string, Value]> = [];
  for (const key of ['kind', 'apiVersion', 'spec', 'status', 'metadat', 'metadatas', 'Metadata', 'items', ' metadata'] as const) {
    if (!chance(r, key === 'spec' || key === 'status' ? 0.8 : 0.15)) continue;
    rest.push([key, key === 'kind' ? 'Node' : key === 'apiVersion' ? 'v1' : value(r, 1 + int(r, 5))]);
  }
  const entries = object(r, rest, int(r, 3), 3).entries;
  const where = r();
  if (where < 0.85) {
    const meta: Value = chance(r, 0.93) ? metadata(r, 2, 'metadata') : pick(r, [null, 'metadata', [], [object(r, [['name', 'in an array']], 0, 0)], new Num('7')]);
    const at = where < 0.3 ? 0 : where < 0.55 ? entries.length : int(r, entries.length + 1);
    entries.splice(at, 0, ['metadata', meta]);
  }
  return new Obj(entries, 'item');
}

function list(r: Rng): Value {
  const named: Array<[string, Value]> = [['kind', 'NodeList'], ['apiVersion', 'v1']];
  if (chance(r, 0.9)) named.push(['metadata', chance(r, 0.9) ? metadata(r, 1) : value(r, 1)]);
  // now and then "items" that is not a list (the scanner's `problem` says so; its result has no items)
  if (chance(r, 0.95)) named.push(['items', chance(r, 0.97) ? Array.from({ length: int(r, 9) }, () => item(r)) : pick(r, [text(r), number(r), null, false, object(r, [], int(r, 3), 1)])]);
  if (chance(r, 0.3)) named.push([pick(r, ['itemsx', 'Items', 'metadata2', 'item']), value(r, 3)]);
  for (let k = named.length - 1; k > 0; k--) { const j = int(r, k + 1); [named[k], named[j]] = [named[j]!, named[k]!]; }
  return object(r, named, int(r, 3), 2);
}

interface Style { r: Rng; indent: string; nl: string; ws: number; escape: number }
interface Serialized { body: Buffer; /** Byte offsets just past each item metadata object, and each item, in order. */ metadataEnds: number[]; itemEnds: number[] }

const SHORT: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
function quote(s: string, st: Style): string {
  const u = (code: number) => { const h = code.toString(16).padStart(4, '0'); return `\\u${chance(st.r, 0.5) ? h : h.toUpperCase()}`; };
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    const escape = st.escape > 0 && chance(st.r, st.escape);
    if (code > 0xffff) out += escape ? u(0xd800 + ((code - 0x10000) >> 10)) + u(0xdc00 + ((code - 0x10000) & 0x3ff)) : ch;
    else if (ch === '/' && escape && chance(st.r, 0.5)) out += '\\/';
    else if (escape) out += u(code);
    else if (SHORT[ch]) out += SHORT[ch];
    else if (code < 0x20) out += u(code);
    else out += ch;
  }
  return `${out}"`;
}

function serialize(v: Value, st: Style): Serialized {
  const out: string[] = [];
  let length = 0;
  const metadataEnds: number[] = [], itemEnds: number[] = [];
  const put = (s: string) => { out.push(s); length += s.length; };
  const ws = () => { if (st.ws > 0 && chance(st.r, st.ws)) put(pick(st.r, [' ', '\t', '\n', '\r\n', '  '])); };
  const line = (level: number) => { if (st.nl) put(st.nl + st.indent.repeat(level)); };
  const emit = (x: Value, level: number): void => {
    ws();
    if (typeof x === 'string') put(quote(x, st));
    else if (x === null || typeof x === 'boolean') put(String(x));
    else if (x instanceof Num) put(x.text);
    else if (Array.isArray(x)) {
      put('[');
      x.forEach((y, k) => { if (k > 0) put(','); line(level + 1); emit(y, level + 1); });
      if (x.length > 0) line(level);
      ws();
      put(']');
    } else {
      put('{');
      x.entries.forEach(([key, y], k) => {
        if (k > 0) put(',');
        line(level + 1); ws(); put(quote(key, st)); ws(); put(st.nl ? ': ' : ':');
        emit(y, level + 1);
      });
      if (x.entries.length > 0) line(level);
      ws();
      put('}');
      if (x.mark === 'metadata') metadataEnds.push(length);
      if (x.mark === 'item') itemEnds.push(length);
    }
    ws();
  };
  emit(v, 0);
  const s = out.join('');
  const bytes = (at: number) => Buffer.byteLength(s.slice(0, at));
  return { body: Buffer.from(s), metadataEnds: metadataEnds.map(bytes), itemEnds: itemEnds.map(bytes) };
}

function style(r: Rng): Style {
  const pretty = chance(r, 0.5);
  return {
    r,
    indent: pretty ? pick(r, ['  ', '\t', ' ', '    ']) : '',
    nl: pretty ? pick(r, ['\n', '\r\n']) : '',
    ws: chance(r, 0.3) ? pick(r, [0.05, 0.3]) : 0,
    escape: chance(r, 0.25) ? pick(r, [0.02, 0.2, 1]) : 0,
  };
}

const FILTERS: Array<RegExp | undefined> = [undefined, undefined, /(^|\.)projectcalico\.org\//, /^projectcalico\.org\//, /é|__proto__/];

interface Case { index: number; r: Rng; body: Buffer; metadataEnds: number[]; itemEnds: number[]; keep: RegExp | undefined }
function makeCase(index: number): Case {
  const r = seededRandom(SEED * 7919 + index);
  const keep = pick(r, FILTERS);
  return { index, r, keep, ...serialize(list(r), style(r)) };
}

// ---------------------------------------------------------------------------------------------------------------
// The answers.

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What the scanner must produce for a valid body, computed the plain way (as in metadata-list.test.ts): parse it
 * whole, keep the metadata. An item that is not an object, or whose metadata is not an object, has none to keep (the
 * scanner's `problem` reports those), and a list without metadata has no resourceVersion key at all.
 */
function expected(body: Buffer, keep: RegExp | undefined): MetadataList {
  const whole = JSON.parse(body.toString('utf8'));
  return {
    metadata: isObject(whole.metadata) ? { resourceVersion: whole.metadata.resourceVersion } : {},
    items: (Array.isArray(whole.items) ? whole.items : []).filter((i: unknown) => isObject(i) && isObject(i.metadata)).map((i: any) => {
      const m = i.metadata;
      const annotations = Object.fromEntries(Object.entries(m.annotations ?? {}).filter(([k]) => !keep || keep.test(k))) as Record<string, string>;
      return { metadata: { name: m.name, ...(m.namespace !== undefined ? { namespace: m.namespace } : {}), ...(m.resourceVersion !== undefined ? { resourceVersion: m.resourceVersion } : {}), annotations } };
    }),
  };
}

/** JSON.parse reads the body as one object (the scanner's valid input). */
function parsesAsObject(body: Buffer): boolean {
  try { return isObject(JSON.parse(body.toString('utf8'))); } catch { return false; }
}

const QUOTE = 0x22, BACKSLASH = 0x5c;
const OPENERS: Record<number, number> = { 0x7d: 0x7b, 0x5d: 0x5b };
const isBracket = (c: number) => c === 0x7b || c === 0x7d || c === 0x5b || c === 0x5d;

/**
 * The structure the class comment promises to check, read the plain way (byte by byte, strings with their escapes):
 * whether the body is one object whose brackets balance (only whitespace around it, every string closed), and which
 * bytes are outside strings. A body for which `balanced` is false must be a NotJsonError.
 */
function structure(body: Buffer): { balanced: boolean; outside: Uint8Array } {
  const outside = new Uint8Array(body.length);
  const stack: number[] = [];
  let inString = false, escaped = false, started = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (inString) {
      if (escaped) escaped = false;
      else if (c === BACKSLASH) escaped = true;
      else if (c === QUOTE) inString = false;
      continue;
    }
    outside[i] = 1;
    if (stack.length === 0 && c > 0x20 && (started || c !== 0x7b)) return { balanced: false, outside };
    if (c === QUOTE) inString = true;
    else if (c === 0x7b || c === 0x5b) { started = true; stack.push(c); }
    else if (c === 0x7d || c === 0x5d) { if (stack.pop() !== OPENERS[c]) return { balanced: false, outside }; }
  }
  return { balanced: started && stack.length === 0 && !inString, outside };
}

// ---------------------------------------------------------------------------------------------------------------
// Chunkings, and feeding them.

interface Chunking { name: string; cuts: number[] }

/** Where to cut the body: whole, byte by byte, random sizes, and right after backslashes and inside UTF-8 sequences. */
function chunkings(r: Rng, body: Buffer, many: boolean): Chunking[] {
  const n = body.length;
  const sized = (max: number): number[] => { const cuts: number[] = []; for (let at = 1 + int(r, max); at < n; at += 1 + int(r, max)) cuts.push(at); return cuts; };
  const out: Chunking[] = [{ name: 'whole', cuts: [] }, { name: 'bytes', cuts: Array.from({ length: Math.max(0, n - 1) }, (_, k) => k + 1) }];
  const max = pick(r, [2, 3, 5, 16, 64, 512]);
  out.push({ name: `random 1..${max}`, cuts: sized(max) });
  if (!many) return out;
  const awkward: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = body[i]!;
    // after a backslash (an escape split from what it escapes), before a UTF-8 continuation byte, after a quote
    if ((c === BACKSLASH || c === QUOTE) && chance(r, 0.6)) awkward.push(i + 1);
    if ((c & 0xc0) === 0x80 && chance(r, 0.6)) awkward.push(i);
    if (chance(r, 0.01)) awkward.push(i, i);  // an empty chunk
  }
  out.push({ name: 'after backslashes and quotes, inside UTF-8, empty chunks', cuts: awkward.filter((c) => c > 0 && c < n).sort((a, b) => a - b) });
  out.push({ name: `random 1..${max * 4} and awkward`, cuts: [...sized(max * 4), ...awkward.filter(() => chance(r, 0.3))].filter((c) => c > 0 && c < n).sort((a, b) => a - b) });
  return out;
}

type Outcome = { list: MetadataList; problem: string | undefined } | { notJson: true };

/** Scans `body` cut at `cuts`; NotJsonError is an outcome, any other error is thrown. */
function scan(body: Buffer, cuts: number[], keep: RegExp | undefined): Outcome {
  const scanner = new MetadataListScanner(keep);
  try {
    let at = 0;
    for (const cut of cuts) { scanner.write(body.subarray(at, cut)); at = cut; }
    if (at < body.length || body.length === 0) scanner.write(body.subarray(at));
    return { list: scanner.end(), problem: scanner.problem };
  } catch (err) {
    if (err instanceof NotJsonError) return { notJson: true };
    throw err;
  }
}

const show = (b: Buffer, around?: number): string => {
  if (b.length <= 1500) return JSON.stringify(b.toString('utf8'));
  const from = Math.max(0, (around ?? 0) - 700);
  return `bytes ${from}..${from + 1400} of ${b.length}: ${JSON.stringify(b.subarray(from, from + 1400).toString('utf8'))}`;
};
const where = (c: Case, what: string, chunking?: Chunking) =>
  `seed ${SEED} case ${c.index} (FUZZ_SEED=${SEED} FUZZ_CASE=${c.index}), ${what}${chunking ? `, chunks ${chunking.name} [cuts ${chunking.cuts.slice(0, 60).join(',')}${chunking.cuts.length > 60 ? ',…' : ''}]` : ''}, keep ${String(c.keep)}`;

/** Assertions whose message (a whole body, often) is written only when they fail. */
function check(condition: unknown, message: () => string): void {
  if (!condition) assert.unreachable(message());
}
/**
 * Exact comparison by a canonical text (keys sorted, undefined and -0 kept apart, an object's prototype checked):
 * uvu's assert.equal (dequal) cannot compare objects that have a "constructor" key, which annotations may have.
 */
function canonical(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v !== 'object' || v === null) return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const proto = Object.getPrototypeOf(v) === Object.prototype ? '' : '(not a plain object)';
  return `${proto}{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
}
/** One line per item (and one for the list's metadata), for a readable diff. */
const lines = (v: unknown): string => {
  const l = v as Partial<MetadataList>;
  return Array.isArray(v) ? v.map(canonical).join('\n') : Array.isArray(l.items) ? [canonical(l.metadata), ...l.items.map(canonical)].join('\n') : canonical(v);
};
function same(actual: unknown, expects: unknown, message: () => string): void {
  if (canonical(actual) !== canonical(expects)) assert.fixture(lines(actual), lines(expects), message());
}

function scanOrFail(body: Buffer, ch: Chunking, keep: RegExp | undefined, label: () => string): Outcome {
  try {
    return scan(body, ch.cuts, keep);
  } catch (err) {
    return assert.unreachable(`${label()}: threw ${(err as Error)?.constructor?.name} (${String(err)}), not NotJsonError`) as never;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The two suites, as the worker runs them.

function validSuite(progress: Int32Array): { cases: number; scans: number; bytes: number; ms: number } {
  const t = Date.now();
  let cases = 0, scans = 0, bytes = 0;
  for (let index = 0; index < VALID_CASES; index++) {
    if (ONLY !== undefined && index !== ONLY) continue;
    Atomics.store(progress, 0, index);
    const c = makeCase(index);
    const label = (ch?: Chunking) => where(c, `valid body ${show(c.body)}`, ch);
    check(parsesAsObject(c.body), () => `${label()}: the generator wrote something JSON.parse does not read as an object`);
    const want = expected(c.body, c.keep);
    // the offsets the damaged bodies' checks rely on: one per item with metadata, each just past its closing brace
    check(c.metadataEnds.length === want.items.length && c.metadataEnds.every((e) => c.body[e - 1] === 0x7d), () => `${label()}: the generator's offsets ${c.metadataEnds.join(',')}`);
    for (const ch of chunkings(c.r, c.body, true)) {
      const got = scanOrFail(c.body, ch, c.keep, () => label(ch));
      check(!('notJson' in got), () => `${label(ch)}: NotJsonError for a valid body`);
      if ('list' in got) same(got.list, want, () => label(ch));
      scans++;
    }
    cases++;
    bytes += c.body.length;
  }
  return { cases, scans, bytes, ms: Date.now() - t };
}

interface Damage { kind: string; body: Buffer; /** The first byte that differs from the valid body. */ at: number }

/** One way of damaging a valid body. */
function damage(c: Case): Damage {
  const { r, body } = c;
  const n = body.length;
  const { outside } = structure(body);
  const positions = (test: (i: number) => boolean) => { const out: number[] = []; for (let i = 0; i < n; i++) if (test(i)) out.push(i); return out; };
  const splice = (at: number, remove: number, insert: string) => Buffer.concat([body.subarray(0, at), Buffer.from(insert), body.subarray(at + remove)]);
  const FLIP: Record<number, string> = { 0x7b: '[', 0x5b: '{', 0x7d: ']', 0x5d: '}' };
  for (;;) {
    const kind = pick(r, ['truncate', 'flip a bracket', 'flip a bracket', 'delete a quote', 'insert a quote', 'unbalance after the metadata',
      'unbalance after the metadata', 'add or drop a bracket', 'something outside the object'] as const);
    switch (kind) {
      case 'truncate': {
        const at = int(r, body.lastIndexOf(0x7d) + 1);  // the list's closing brace is cut off
        return { kind, body: body.subarray(0, at), at };
      }
      case 'flip a bracket': {
        const at = pick(r, positions((i) => isBracket(body[i]!)));
        return { kind: `${kind} (${outside[at] ? 'a structural one' : 'in a string'})`, body: splice(at, 1, FLIP[body[at]!]!), at };
      }
      case 'delete a quote': {
        const at = pick(r, positions((i) => body[i] === QUOTE));
        return { kind, body: splice(at, 1, ''), at };
      }
      case 'insert a quote': {
        const at = int(r, n + 1);
        return { kind, body: splice(at, 0, '"'), at };
      }
      case 'unbalance after the metadata': {
        // an extra or a missing bracket between the end of an item's metadata and the end of the item: the part that
        // is only walked for its brackets
        const k = c.metadataEnds.length;
        if (k === 0) continue;
        const m = int(r, k);
        const from = c.metadataEnds[m]!, to = c.itemEnds.find((e) => e > from)!;
        if (chance(r, 0.5)) {
          const drop = positions((i) => i >= from && i < to - 1 && outside[i] === 1 && isBracket(body[i]!));
          if (drop.length === 0) continue;
          const at = pick(r, drop);
          return { kind: `${kind}: dropped ${String.fromCharCode(body[at]!)}`, body: splice(at, 1, ''), at };
        }
        const spots = positions((i) => i >= from && i < to && outside[i] === 1);
        const at = pick(r, spots), b = pick(r, ['{', '[', '}', ']']);
        return { kind: `${kind}: inserted ${b}`, body: splice(at, 0, b), at };
      }
      case 'add or drop a bracket': {
        if (chance(r, 0.5)) {
          const at = pick(r, positions((i) => outside[i] === 1 && isBracket(body[i]!)));
          return { kind: `${kind}: dropped ${String.fromCharCode(body[at]!)}`, body: splice(at, 1, ''), at };
        }
        const at = pick(r, [...positions((i) => outside[i] === 1), n]), b = pick(r, ['{', '[', '}', ']']);
        return { kind: `${kind}: inserted ${b}`, body: splice(at, 0, b), at };
      }
      case 'something outside the object': {
        const junk = pick(r, ['x', '"s"', ',', '{}', '[]', ']', '}', '0', 'null', '<html>', body.toString('utf8')]);
        if (chance(r, 0.5)) return { kind: `${kind}: ${JSON.stringify(junk.slice(0, 10))} before`, body: Buffer.from(pick(r, ['', ' ', '\r\n']) + junk + pick(r, ['', ' ', '\n']) + body.toString('utf8')), at: 0 };
        return { kind: `${kind}: ${JSON.stringify(junk.slice(0, 10))} after`, body: Buffer.from(body.toString('utf8') + pick(r, ['', ' ', '\n']) + junk), at: n };
      }
    }
  }
}

function malformedSuite(progress: Int32Array): { cases: number; scans: number; notJson: number; results: number; validAfterDamage: number; kinds: Record<string, number>; ms: number } {
  const t = Date.now();
  let cases = 0, scans = 0, notJson = 0, results = 0, validAfterDamage = 0;
  const kinds: Record<string, number> = {};
  for (let index = 0; index < MALFORMED_CASES; index++) {
    if (ONLY !== undefined && index !== ONLY) continue;
    Atomics.store(progress, 0, index);
    const c = makeCase(VALID_CASES + index);
    const d = damage(c);
    const kind = d.kind.split(':')[0]!;
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    const label = (ch?: Chunking) => where(c, `${d.kind} at byte ${d.at} of ${show(c.body, d.at)} → ${show(d.body, d.at)}`, ch);
    const { balanced } = structure(d.body);
    const valid = balanced && parsesAsObject(d.body);
    const want = expected(c.body, c.keep);
    // Items whose metadata ended before the damage were read from bytes the damage did not touch.
    const before = c.metadataEnds.filter((e) => e <= d.at).length;
    let first: Outcome | undefined;
    for (const ch of chunkings(c.r, d.body, false)) {
      const got = scanOrFail(d.body, ch, c.keep, () => label(ch));
      scans++;
      if (first === undefined) first = got;
      else same(got, first, () => `${label(ch)}: another outcome than in one piece`);
      if ('notJson' in got) {
        check(!valid, () => `${label(ch)}: NotJsonError, but the damaged body is still a valid list body`);
        continue;
      }
      // Results: only where the damage is in what the scanner does not validate (brackets and strings balance)…
      check(balanced, () => `${label(ch)}: results for a body whose brackets do not balance or that is not one JSON object`);
      // …and exactly the JSON reading where the damage left a valid body (a bracket flipped inside a string, …).
      if (valid) same(got.list, expected(d.body, c.keep), () => `${label(ch)}: the damaged body is valid JSON`);
      same(got.list.items.slice(0, before), want.items.slice(0, before), () => `${label(ch)}: the ${before} items before the damage`);
    }
    if (first && 'notJson' in first) notJson++; else results++;
    if (valid) validAfterDamage++;
    cases++;
  }
  return { cases, scans, notJson, results, validAfterDamage, kinds, ms: Date.now() - t };
}

// ---------------------------------------------------------------------------------------------------------------
// The worker runs a suite; the main thread waits for its answer, or for the deadline.

const SUITES = { valid: validSuite, damaged: malformedSuite } as const;
type SuiteName = keyof typeof SUITES;

function inWorker(suite: SuiteName): Promise<Record<string, unknown>> {
  const progress = new Int32Array(new SharedArrayBuffer(4));
  progress[0] = -1;
  const worker = new Worker(new URL(import.meta.url), { workerData: { suite, progress } });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`the ${suite} suite did not finish in ${DEADLINE_MS / 1000} s: the scanner hangs (or crawls) on seed ${SEED} case ${Atomics.load(progress, 0)}`));
    }, DEADLINE_MS);
    worker.once('message', (m: { ok?: Record<string, unknown>; failure?: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      if (m.failure !== undefined) reject(new Error(m.failure));
      else resolve(m.ok!);
    });
    worker.once('error', (err) => { clearTimeout(timer); reject(err); });
  });
}

if (isMainThread) {
  let running: Record<SuiteName, Promise<Record<string, unknown>>> | undefined;
  // Both suites start with the first test (two cores: they run side by side); each test waits for its own.
  const start = () => {
    if (!running) {
      running = { valid: inWorker('valid'), damaged: inWorker('damaged') };
      // a failure of the second suite while the first test still waits is the second test's to report
      for (const p of Object.values(running)) p.catch(() => undefined);
    }
    return running;
  };

  test(`${VALID_CASES} random valid list bodies, each in whole, byte by byte and random chunkings: the scanner gives what JSON.parse gives`, async () => {
    const stats = await start().valid;
    console.log(`  valid (seed ${SEED}): ${JSON.stringify(stats)}`);
    assert.ok(ONLY !== undefined || (stats.cases as number) === VALID_CASES);
  });

  test(`${MALFORMED_CASES} damaged bodies: NotJsonError, or (brackets balanced) results that agree with the items before the damage`, async () => {
    const stats = await start().damaged;
    console.log(`  damaged (seed ${SEED}): ${JSON.stringify(stats)}`);
    assert.ok(ONLY !== undefined || (stats.cases as number) === MALFORMED_CASES);
  });

  test.run();
} else {
  const { suite, progress } = workerData as { suite: SuiteName; progress: Int32Array };
  try {
    parentPort!.postMessage({ ok: SUITES[suite](progress) });
  } catch (err) {
    // an assertion's diff is in its details
    const details = (err as { details?: unknown }).details;
    const diff = typeof details === 'string' ? `\n${details.replace(/\x1b\[[0-9;]*m/g, '')}` : '';
    parentPort!.postMessage({ failure: `${err instanceof Error ? err.message : String(err)}${diff}` });
  }
}
