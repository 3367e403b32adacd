import { defineVerb } from '../verb.js';

export default defineVerb({
  command: 'backup',
  describe: 'Back up everything Calico keeps in TPRs to a verified backup directory (never writes to the cluster)',
  flags: [
    { name: 'dir', short: 'd', type: 'string', complete: 'dir', describe: 'Backup directory (default calico-backup-<context>-<UTC timestamp>)' },
    { name: 'force', type: 'boolean', default: false, describe: 'Replace what a non-empty directory holds (moved aside to DIR.replaced-<UTC timestamp>, never deleted; refused if it is a fuller backup)' },
  ],
  examples: [
    ['kubectl calico-migrate backup -d calico-backup', 'Back up the TPR data of the current context to ./calico-backup'],
    ['kubectl calico-migrate --context prod backup -d /srv/backups/prod-calico', 'The same for context prod, to a directory of your choice'],
    ['kubectl calico-migrate backup -d calico-backup --force', 'Take it again into the same directory (what it held is moved aside to calico-backup.replaced-<UTC timestamp>)'],
  ],
  options: (a) => ({ dir: a.dir, force: a.force }),
  run: async (options, ctx) => (await import('../../steps/backup.js')).backup(options, ctx),
});
