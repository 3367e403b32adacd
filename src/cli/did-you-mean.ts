// The flag a mistyped one was meant to be: `--dryrun` → `--dry-run`, `--overwite` → `--overwrite`.

/** The candidate closest to `typed`, when close enough to be what was meant: dashes aside, one edit in three letters, two at most. */
export function didYouMean(typed: string, candidates: readonly string[]): string | undefined {
  const letters = (s: string): string => s.toLowerCase().replace(/[-_]/g, '');
  const allowed = Math.min(2, Math.floor(letters(typed).length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = editDistance(letters(typed), letters(name));
    if (distance <= allowed && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
