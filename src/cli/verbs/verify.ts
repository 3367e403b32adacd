import { defineVerb } from '../verb.js';

export default defineVerb({
  command: 'verify',
  describe: "Compare TPR data (or a backup) with the CRDs using Calico v2.5's reading rules (exit 0 match, 1 differences)",
  flags: [{ name: 'backup', type: 'string', complete: 'dir', describe: 'Compare this backup instead of live TPRs' }],
  options: (a) => ({ backup: a.backup }),
  run: async (options, ctx) => (await import('../../steps/verify.js')).verify(options, ctx),
});
