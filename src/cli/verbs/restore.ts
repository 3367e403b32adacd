import { printsData } from '../../report/render.js';
import { defineVerb } from '../verb.js';

export default defineVerb({
  command: 'restore',
  describe: 'Recreate TPRs (1.7 only) or CRD objects from a backup',
  writesToCluster: true,
  flags: [
    { name: 'backup', type: 'string', complete: 'dir', describe: 'Backup directory', required: 'the backup to restore from' },
    { name: 'target', type: 'string', default: 'tpr', choices: ['tpr', 'crd'], describe: 'tpr: recreate the TPRs and their data (1.7); crd: write the converted objects into CRDs (any version)' },
    { name: 'overwrite', type: 'boolean', default: false, describe: 'Overwrite objects that differ' },
    { name: 'include-snp', type: 'boolean', default: false, describe: 'With --target crd: also convert SystemNetworkPolicies (as migrate --include-snp)' },
    { name: 'dry-run', type: 'boolean', default: false, describe: 'Print the plan; write nothing (with --target crd and -o json|yaml: the objects it would send, as a List)' },
  ],
  examples: [
    ['kubectl calico-migrate restore --backup calico-backup --dry-run', 'Show what would be put back; write nothing'],
    ['kubectl calico-migrate restore --backup calico-backup', 'Put the TPRs and their data back (Kubernetes 1.7)'],
    ['kubectl calico-migrate restore --backup calico-backup --target crd', "Write the backup's objects into CRDs (e.g. after the TPRs are gone)"],
  ],
  options: (a) => ({
    backup: a.backup, target: a.target, overwrite: a.overwrite, includeSnp: a['include-snp'], dryRun: a['dry-run'],
    dryRunShows: printsData(a.output) ? 'objects' as const : 'plan' as const,
  }),
  run: async (options, ctx) => (await import('../../steps/restore.js')).restore(options, ctx),
});
