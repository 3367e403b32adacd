// kubectl's --request-timeout values: "0" (no timeout), a bare number of seconds, or Go durations like 30s, 2m, 1m30s, 500ms.
import { UsageError } from './errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDuration(text: string, flag = '--request-timeout'): number {
  const value = text.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== value) {
    throw new UsageError(`invalid value "${text}" for ${flag}: use a duration such as 0, 30s, 2m or 1m30s`);
  }
  return Math.round(parts.reduce((ms, p) => ms + Number(p[1]) * (UNIT_MS[p[2] as string] as number), 0));
}
