// labelSelector and fieldSelector as list and watch honour them.
import { badRequest } from './status.js';
import type { KubeObject } from './types.js';

export type Matcher = (obj: KubeObject) => boolean;

/** Splits at commas that are not inside `in (a,b)` parentheses. */
function splitTerms(s: string): string[] {
  const out: string[] = [];
  let depth = 0, cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) { out.push(cur.trim()); cur = ''; } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

export function labelSelector(sel: string | null | undefined): Matcher {
  if (!sel) return () => true;
  const tests: Matcher[] = splitTerms(sel).map((term) => {
    let m: RegExpMatchArray | null;
    if ((m = term.match(/^([^\s!=]+)\s+(in|notin)\s+\((.*)\)$/))) {
      const [, key, op, vals] = m as unknown as [string, string, string, string];
      const set = new Set(vals.split(',').map((v) => v.trim()));
      return op === 'in' ? (o) => set.has(o.metadata.labels?.[key] as string) : (o) => !set.has(o.metadata.labels?.[key] as string);
    }
    if ((m = term.match(/^([^\s!=]+)\s*(==|=|!=)\s*(.*)$/))) {
      const [, key, op, val] = m as unknown as [string, string, string, string];
      return op === '!=' ? (o) => o.metadata.labels?.[key] !== val : (o) => o.metadata.labels?.[key] === val;
    }
    if ((m = term.match(/^!([^\s!=]+)$/))) { const key = m[1]!; return (o) => !(o.metadata.labels && key in o.metadata.labels); }
    if ((m = term.match(/^([^\s!=()]+)$/))) { const key = m[1]!; return (o) => !!(o.metadata.labels && key in o.metadata.labels); }
    throw badRequest(`unable to parse requirement: invalid label selector: ${term}`);
  });
  return (o) => tests.every((t) => t(o));
}

function fieldValue(obj: KubeObject, path: string): string {
  let cur: any = obj;
  for (const p of path.split('.')) cur = cur?.[p];
  return cur === undefined || cur === null ? '' : String(cur);
}

export function fieldSelector(sel: string | null | undefined): Matcher {
  if (!sel) return () => true;
  const tests: Matcher[] = splitTerms(sel).map((term) => {
    const m = term.match(/^([^!=]+?)\s*(==|=|!=)\s*(.*)$/);
    if (!m) throw badRequest(`invalid selector: '${sel}'; can't understand '${term}'`);
    const [, path, op, val] = m as unknown as [string, string, string, string];
    return op === '!=' ? (o) => fieldValue(o, path) !== val : (o) => fieldValue(o, path) === val;
  });
  return (o) => tests.every((t) => t(o));
}
