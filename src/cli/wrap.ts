// Word wrapping for help text. Lines break only between words: a command, a flag name or a path longer than the
// line stays whole on a line of its own, so what is copied from help still runs. Words joined by a no-break space
// (KEEP) stay on one line: `cleanup --backup DIR` is not split after `cleanup`.

export const KEEP = '\u00a0';

/** The words of `text`, kept together on one line. */
export const together = (text: string): string => text.replaceAll(' ', KEEP);

/** `text` in lines of at most `width` columns: the first after `first`, the others after `rest`. */
export function wrap(text: string, width: number, first = '', rest = first): string[] {
  const lines: string[] = [];
  let current = first;
  let empty = true;
  for (const word of text.split(/[ \t\n]+/).filter(Boolean)) {
    if (!empty && current.length + 1 + word.length > width) {
      lines.push(current);
      current = rest;
      empty = true;
    }
    current += (empty ? '' : ' ') + word;
    empty = false;
  }
  lines.push(current);
  return lines.map((l) => l.replaceAll(KEEP, ' '));
}
