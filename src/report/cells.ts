// What a cell shows, and how many columns of a terminal that takes.
import type { CellValue } from './report.js';

/** Characters a terminal shows: a non-ASCII code point takes one. */
export function visibleLength(text: string): number {
  return /[^\x00-\x7f]/.test(text) ? [...text].length : text.length;
}

export function cellText(value: CellValue): string {
  if (value === null || value === undefined || value === '') return '-';
  if (typeof value === 'object') return value.text;
  return String(value);
}
