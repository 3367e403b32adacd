import { defineVerb } from '../verb.js';

export default defineVerb({
  command: 'run',
  describe: 'The guided procedure: check, backup, migrate, verify, rbac; then tells you what to do next',
  writesToCluster: true,
  flags: [{ name: 'dir', short: 'd', type: 'string', complete: 'dir', describe: 'Backup directory (default calico-backup-<context>-<UTC timestamp>); the same DIR resumes an interrupted run' }],
  examples: [
    ['kubectl calico-migrate run -d calico-backup', 'The whole procedure, asking before migrate and before changing the role'],
    ['kubectl calico-migrate run -d calico-backup -y', 'The same without asking; re-run it after an interruption to resume'],
  ],
  options: (a) => ({ dir: a.dir }),
  run: async (options, ctx) => (await import('../../steps/run.js')).run(options, ctx),
});
