import { defineVerb } from '../verb.js';

export default defineVerb<{ dir?: string; force: boolean }>({
  run: async (args, ctx) => (await import('../../steps/backup.js')).backup(args, ctx),
  command: 'backup',
  describe: "Back up everything Calico keeps in TPRs to a verified backup directory (never writes to the cluster)",
  builder: (y) => y
    .option('dir', { alias: 'd', type: 'string', describe: 'Backup directory (default calico-backup-<context>-<UTC timestamp>)' })
    .option('force', { type: 'boolean', default: false, describe: 'Write into a non-empty directory' }),
});
