// Lists in messages stay short whatever the cluster's size: the first few items, then how many more (a table or
// -o json has them all).

/** "a, b, c and 7 more" */
export function listSome(items: readonly string[], max = 5, separator = ', '): string {
  if (items.length <= max) return items.join(separator);
  return `${items.slice(0, max).join(separator)}${separator.trim() === ';' ? ';' : ''} and ${items.length - max} more`;
}
