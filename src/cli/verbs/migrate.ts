import { defineVerb } from '../verb.js';

export default defineVerb<{ 'dry-run': boolean; overwrite: boolean; 'include-snp': boolean; backup?: string; 'establish-timeout': string }>({
  run: async (args, ctx) => (await import('../../steps/migrate.js')).migrate(args, ctx),
  command: 'migrate',
  describe: 'Copy TPR data to CRDs exactly as Calico v2.5 expects it (TPR data is never modified)',
  builder: (y) => y
    .option('dry-run', { type: 'boolean', default: false, describe: 'Compute and print the plan client-side; send no write' })
    .option('overwrite', { type: 'boolean', default: false, describe: 'Overwrite existing CRD objects that differ' })
    .option('include-snp', { type: 'boolean', default: false, describe: 'Also convert SystemNetworkPolicies to GlobalNetworkPolicies' })
    .option('backup', { type: 'string', describe: 'Take the source objects from this backup instead of live TPRs' })
    .option('establish-timeout', { type: 'string', default: '60s', describe: 'How long to wait for new CRDs to become Established' }),
});
