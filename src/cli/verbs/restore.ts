import { defineVerb } from '../verb.js';

export default defineVerb<{ backup?: string; target: string; overwrite: boolean; 'dry-run': boolean; 'include-snp': boolean }>({
  run: async (args, ctx) => (await import('../../steps/restore.js')).restore(args, ctx),
  command: 'restore',
  describe: 'Recreate TPRs (1.7 only) or CRD objects from a backup',
  builder: (y) => y
    .option('backup', { type: 'string', describe: 'Backup directory (required)' })
    .option('target', { type: 'string', default: 'tpr', choices: ['tpr', 'crd'], describe: 'tpr: recreate the TPRs and their data (1.7); crd: write the converted objects into CRDs (any version)' })
    .option('overwrite', { type: 'boolean', default: false, describe: 'Overwrite objects that differ' })
    .option('include-snp', { type: 'boolean', default: false, describe: 'With --target crd: also convert SystemNetworkPolicies (as migrate --include-snp)' })
    .option('dry-run', { type: 'boolean', default: false, describe: 'Print the plan; write nothing' }),
  examples: [
    ['kubectl calico-migrate restore --backup DIR', 'Put the TPRs and their data back (Kubernetes 1.7)'],
    ['kubectl calico-migrate restore --backup DIR --target crd', 'Write the backup\'s objects into CRDs (e.g. after the TPRs are gone)'],
  ],
});
