import { defineVerb } from '../verb.js';

export default defineVerb<{ dir?: string }>({
  run: async (args, ctx) => (await import('../../steps/run.js')).run(args, ctx),
  command: 'run',
  describe: 'The guided procedure: check, backup, migrate, verify, rbac; then tells you what to do next',
  builder: (y) => y.option('dir', { alias: 'd', type: 'string', describe: 'Backup directory' }),
});
