// When a new backup may replace an existing one: never when the existing one holds more of anything (after cleanup the
// cluster's TPR data is gone, and an empty backup must not take the place of the only full one).

/** The kinds the new backup would hold fewer objects of, as "Kind old → new"; empty when it holds at least as much. */
export function holdsLess(existing: Readonly<Record<string, number>>, next: Readonly<Record<string, number>>): string[] {
  return Object.entries(existing)
    .filter(([kind, count]) => typeof count === 'number' && (next[kind] ?? 0) < count)
    .map(([kind, count]) => `${kind} ${count} → ${next[kind] ?? 0}`);
}
