// `migrate --diff`: for each existing CR that differs from its TPR source, the live object against the body
// `migrate --overwrite` would send (apply-plan's own PUT body), as YAML in kubectl diff's shape: `diff -u -N
// LIVE/<group>.<version>.<Kind>.<namespace>.<name> MERGED/…`, keys sorted as kubectl prints them.
import type { PlanEntry } from '../calico/plan.js';
import type { KubeObject } from '../calico/types.js';
import { toYaml } from '../report/render.js';
import { line, type Line } from '../report/report.js';
import { unifiedDiff } from '../report/unified-diff.js';
import { crWrite } from './apply-plan.js';

/** The diff lines of every entry of an --overwrite plan that replaces an existing CR, in plan order. */
export function overwriteDiffs(overwritePlan: PlanEntry[]): Line[] {
  return overwritePlan.flatMap((entry) => {
    const write = crWrite(entry);
    if (write?.verb !== 'update' || !entry.existing) return [];
    const name = diffName(write.body);
    return unifiedDiff(`LIVE/${name}`, `MERGED/${name}`, sortedYaml(entry.existing), sortedYaml(write.body)).map(diffLine);
  });
}

/** kubectl diff's file name for an object: `<group>.<version>.<Kind>.<namespace>.<name>` (namespace empty here). */
function diffName(obj: KubeObject): string {
  const [group, version] = (obj.apiVersion ?? '').includes('/') ? (obj.apiVersion as string).split('/') : ['', obj.apiVersion ?? ''];
  return `${group ? `${group}.` : ''}${version}.${obj.kind}.${obj.metadata.namespace ?? ''}.${obj.metadata.name}`;
}

const sortedYaml = (obj: unknown): string => toYaml(obj, true);

const diffLine = (text: string): Line => {
  if (text.startsWith('+') && !text.startsWith('+++ ')) return line(text, 'ok');
  if (text.startsWith('-') && !text.startsWith('--- ')) return line(text, 'fail');
  return line(text);
};

/** The stderr line under the diff: how many CRs it shows, and that creates and Node patches are in -o yaml. */
export function diffSummaryLine(shown: number, creates: number, nodePatches: number, yamlCommand: string): string {
  const what = shown === 0 ? 'no existing CR differs from its TPR source: --overwrite would replace nothing' : `${shown} existing CR${shown === 1 ? '' : 's'} would be replaced by --overwrite (the diff on stdout)`;
  const rest = creates + nodePatches > 0 ? `; not shown: ${creates} to create, ${nodePatches} Node patches (${yamlCommand} prints every object)` : '';
  return `dry run, nothing was written: ${what}${rest}`;
}
