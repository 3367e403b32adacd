import { defineVerb } from '../verb.js';

export default defineVerb<{ backup?: string; target: string; overwrite: boolean; 'dry-run': boolean }>({
  command: 'restore',
  describe: 'Recreate TPRs (1.7 only) or CRD objects from a backup',
  builder: (y) => y
    .option('backup', { type: 'string', describe: 'Backup directory (required)' })
    .option('target', { type: 'string', default: 'tpr', choices: ['tpr', 'crd'], describe: 'What to restore into' })
    .option('overwrite', { type: 'boolean', default: false, describe: 'Overwrite objects that differ' })
    .option('dry-run', { type: 'boolean', default: false, describe: 'Print the plan; write nothing' }),
});
