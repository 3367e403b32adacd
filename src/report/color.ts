// Colour only where a human looks: --color auto colours a TTY, NO_COLOR (non-empty) turns auto off, and an
// explicit --color always|never wins over both (no-color.org).
import type { Tone } from './report.js';

export type ColorMode = 'auto' | 'always' | 'never';

export function colorEnabled(mode: ColorMode, isTTY: boolean, env: Record<string, string | undefined>): boolean {
  if (mode === 'always') return true;
  if (mode === 'never') return false;
  if (env.NO_COLOR) return false;
  return isTTY;
}

const CODES: Record<Tone, [number, number] | undefined> = {
  ok: [32, 39], warn: [33, 39], fail: [31, 39], info: [36, 39], plain: undefined,
};

export function paint(text: string, tone: Tone, enabled: boolean): string {
  const code = CODES[tone];
  return enabled && code ? `\x1b[${code[0]}m${text}\x1b[${code[1]}m` : text;
}
