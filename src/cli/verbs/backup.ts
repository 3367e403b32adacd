import { defineVerb } from '../verb.js';

export default defineVerb({
  command: 'backup',
  describe: 'Back up everything Calico keeps in TPRs to a verified backup directory (never writes to the cluster)',
  flags: [
    { name: 'dir', short: 'd', type: 'string', complete: 'dir', describe: 'Backup directory (default calico-backup-<context>-<UTC timestamp>)' },
    { name: 'force', type: 'boolean', default: false, describe: 'Replace what a non-empty directory holds (moved aside to DIR.replaced-<UTC timestamp>, never deleted; refused if it is a fuller backup)' },
  ],
  options: (a) => ({ dir: a.dir, force: a.force }),
  run: async (options, ctx) => (await import('../../steps/backup.js')).backup(options, ctx),
});
