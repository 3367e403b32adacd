// A unified diff as `diff -u -N` prints it for `kubectl diff` (GNU diff's hunk ranges, 3 lines of context), the line
// diff itself from jsdiff.
import { structuredPatch } from 'diff';

/** The diff of two texts under kubectl diff's labels: the `diff -u -N` line, `---`/`+++`, then the hunks; none when equal. */
export function unifiedDiff(oldLabel: string, newLabel: string, oldText: string, newText: string): string[] {
  const { hunks } = structuredPatch(oldLabel, newLabel, oldText, newText, undefined, undefined, { context: 3 });
  if (hunks.length === 0) return [];
  return [
    `diff -u -N ${oldLabel} ${newLabel}`,
    `--- ${oldLabel}`,
    `+++ ${newLabel}`,
    ...hunks.flatMap((h) => [`@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@`, ...h.lines]),
  ];
}

// GNU diff writes a one-line range as its start alone, and an empty one as the line before it with a count of 0.
function range(start: number, count: number): string {
  if (count === 1) return `${start}`;
  return `${count === 0 ? start - 1 : start},${count}`;
}
