import { defineVerb } from '../verb.js';

export default defineVerb<{ backup?: string; 'dry-run': boolean }>({
  run: async (args, ctx) => (await import('../../steps/rollback.js')).rollback(args, ctx),
  command: 'rollback',
  describe: 'Undo migrate and rbac while the TPRs still exist (only what the tool created and nobody changed)',
  builder: (y) => y
    .option('backup', { type: 'string', describe: 'Backup directory taken before migrate: Node annotations and the ClusterRole as they were' })
    .option('dry-run', { type: 'boolean', default: false, describe: 'Print what would be deleted; write nothing' }),
  examples: [
    ['kubectl calico-migrate rollback --backup DIR', 'Undo migrate and rbac (asks first)'],
    ['kubectl calico-migrate rollback --dry-run', 'Show what would be undone'],
  ],
});
