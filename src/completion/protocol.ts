// kubectl's plugin-completion output (kubectl/pkg/cmd/plugin_completion.go): one candidate per line, "value<TAB>
// description" where there is one, then ":<directive>". Descriptions are one line: kubectl splits on newlines.
import type { Completion } from './complete.js';

export function protocolLines(c: Completion): string[] {
  const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();
  const lines = c.candidates.map((x) => (x.description ? `${oneLine(x.value)}\t${oneLine(x.description)}` : oneLine(x.value)));
  return [...lines, `:${c.directive}`];
}
