import { defineVerb } from '../verb.js';

export default defineVerb<{ dir?: string; force: boolean }>({
  run: async (args, ctx) => (await import('../../steps/backup.js')).backup(args, ctx),
  command: 'backup',
  describe: "Back up everything Calico keeps in TPRs to a verified backup directory (never writes to the cluster)",
  builder: (y) => y
    .option('dir', { alias: 'd', type: 'string', describe: 'Backup directory (default calico-backup-<context>-<UTC timestamp>)' })
    .option('force', { type: 'boolean', default: false, describe: 'Replace what a non-empty directory holds (moved aside to DIR.replaced-<UTC timestamp>, never deleted; refused if it is a fuller backup)' }),
});
