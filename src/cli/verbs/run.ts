import { defineVerb } from '../verb.js';

export default defineVerb({
  command: 'run',
  describe: 'The guided procedure: check, backup, migrate, verify, rbac; then tells you what to do next',
  writesToCluster: true,
  flags: [{ name: 'dir', short: 'd', type: 'string', complete: 'dir', describe: 'Backup directory' }],
  options: (a) => ({ dir: a.dir }),
  run: async (options, ctx) => (await import('../../steps/run.js')).run(options, ctx),
});
