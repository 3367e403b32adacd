import { defineVerb } from '../verb.js';

export default defineVerb<{ backup?: string; force: boolean }>({
  run: async (args, ctx) => (await import('../../steps/cleanup.js')).cleanup(args, ctx),
  command: 'cleanup',
  describe: "Delete Calico's TPR definitions (and so their data), only after every guard passes",
  builder: (y) => y
    .option('backup', { type: 'string', describe: 'A verified backup matching the live TPR data (required)' })
    .option('force', { type: 'boolean', default: false, describe: 'Skip the calico/node >= v2.5 check only' }),
});
