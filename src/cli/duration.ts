// kubectl's --request-timeout values: "0" (no timeout), a bare number of seconds, or Go durations like 30s, 2m, 1m30s, 500ms.
import { UsageError } from '../errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
/** The longest delay a Node timer keeps (2^31-1 ms, ~24.8 days): a longer one fires after 1 ms instead. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export function parseDuration(text: string, flag = '--request-timeout'): number {
  const ms = parseMs(text, flag);
  if (ms > MAX_TIMER_MS) {
    throw new UsageError(`invalid value "${text}" for ${flag}: longer than the longest timeout a timer can hold (24 days); use 0 for no timeout`);
  }
  return ms;
}

function parseMs(text: string, flag: string): number {
  const value = text.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== value) {
    throw new UsageError(`invalid value "${text}" for ${flag}: use a duration such as 0, 30s, 2m or 1m30s`);
  }
  return Math.round(parts.reduce((ms, p) => ms + Number(p[1]) * (UNIT_MS[p[2] as string] as number), 0));
}
