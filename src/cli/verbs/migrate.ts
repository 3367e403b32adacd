import { UsageError } from '../../errors.js';
import { parseDuration } from '../duration.js';
import { printsData } from '../../report/render.js';
import { defineVerb } from '../verb.js';

export default defineVerb({
  command: 'migrate',
  describe: 'Copy TPR data to CRDs exactly as Calico v2.5 expects it (TPR data is never modified)',
  writesToCluster: true,
  flags: [
    { name: 'dry-run', type: 'boolean', default: false, describe: 'Compute and print the plan client-side; send no write' },
    { name: 'overwrite', type: 'boolean', default: false, describe: 'Overwrite existing CRD objects that differ' },
    { name: 'diff', type: 'boolean', default: false, describe: 'Print how --overwrite would change each existing CRD object that differs, as a unified diff (implies --dry-run)' },
    { name: 'include-snp', type: 'boolean', default: false, describe: 'Also convert SystemNetworkPolicies to GlobalNetworkPolicies' },
    { name: 'backup', type: 'string', complete: 'dir', describe: 'Take the source objects from this backup instead of live TPRs' },
    { name: 'establish-timeout', type: 'string', default: '60s', arg: 'DURATION', describe: 'How long to wait for new CRDs to become Established' },
  ],
  examples: [
    ['kubectl calico-migrate migrate --dry-run', 'Show what would be created, left alone or in conflict; nothing is written'],
    ['kubectl calico-migrate migrate', 'Create the five Calico CRDs and copy every object (TPR data is never modified)'],
    ['kubectl calico-migrate migrate --include-snp', 'Also convert SystemNetworkPolicies to GlobalNetworkPolicies'],
    ['kubectl calico-migrate migrate --overwrite', 'Replace CRD objects that differ from their TPR source (reported as conflicts without it)'],
  ],
  options: (a) => {
    if (a.diff && a.output !== 'table') throw new UsageError(`--diff prints a unified diff: it cannot be combined with -o ${a.output}`);
    return {
      dryRun: a['dry-run'] || a.diff, overwrite: a.overwrite, includeSnp: a['include-snp'], backup: a.backup,
      establishTimeoutMs: parseDuration(a['establish-timeout'], '--establish-timeout'),
      dryRunShows: a.diff ? 'diff' as const : printsData(a.output) ? 'objects' as const : 'plan' as const,
    };
  },
  run: async (options, ctx) => (await import('../../steps/migrate.js')).migrate(options, ctx),
});
