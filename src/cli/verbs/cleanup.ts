import { defineVerb } from '../verb.js';

export default defineVerb<{ backup?: string; force: boolean; 'data-gone-timeout': string }>({
  run: async (args, ctx) => (await import('../../steps/cleanup.js')).cleanup(args, ctx),
  command: 'cleanup',
  describe: "Delete Calico's TPR definitions (and so their data), only after every guard passes",
  builder: (y) => y
    .option('backup', { type: 'string', describe: 'A verified backup matching the live TPR data (required)' })
    .option('force', { type: 'boolean', default: false, describe: 'Skip the calico/node >= v2.5 check only' })
    .option('data-gone-timeout', { type: 'string', default: '10s', describe: 'How long to wait for the deleted TPRs\' data to stop being served before revoking calico/node\'s TPR rules' }),
});
