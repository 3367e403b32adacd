import { defineVerb } from '../verb.js';

export default defineVerb({
  command: 'rollback',
  describe: 'Undo migrate and rbac while the TPRs still exist (only what the tool created and nobody changed)',
  writesToCluster: true,
  flags: [
    { name: 'backup', type: 'string', complete: 'dir', describe: 'Backup directory taken before migrate: Node annotations and the ClusterRole as they were' },
    { name: 'dry-run', type: 'boolean', default: false, describe: 'Print what would be deleted; write nothing' },
  ],
  examples: [
    ['kubectl calico-migrate rollback --backup calico-backup', 'Undo migrate and rbac (asks first)'],
    ['kubectl calico-migrate rollback --dry-run', 'Show what would be undone'],
  ],
  options: (a) => ({ backup: a.backup, dryRun: a['dry-run'] }),
  run: async (options, ctx) => (await import('../../steps/rollback.js')).rollback(options, ctx),
});
