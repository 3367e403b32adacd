import { defineVerb } from '../verb.js';

export default defineVerb<{ backup?: string }>({
  run: async (args, ctx) => (await import('../../steps/verify.js')).verify(args, ctx),
  command: 'verify',
  describe: "Compare TPR data (or a backup) with the CRDs using Calico v2.5's reading rules (exit 0 match, 1 differences)",
  builder: (y) => y.option('backup', { type: 'string', describe: 'Compare this backup instead of live TPRs' }),
});
