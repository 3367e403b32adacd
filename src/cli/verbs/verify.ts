import { defineVerb } from '../verb.js';

export default defineVerb({
  command: 'verify',
  describe: "Compare TPR data (or a backup) with the CRDs using Calico v2.5's reading rules (exit 0 match, 1 differences)",
  flags: [{ name: 'backup', type: 'string', complete: 'dir', describe: 'Compare this backup instead of live TPRs' }],
  examples: [
    ['kubectl calico-migrate verify', "Compare the live TPR data with the CRDs as Calico v2.5 reads them"],
    ['kubectl calico-migrate verify -o wide', 'The same, with the fields that differ'],
    ['kubectl calico-migrate verify --backup calico-backup', 'After cleanup (the TPRs are gone): compare the backup with the CRDs'],
  ],
  options: (a) => ({ backup: a.backup }),
  run: async (options, ctx) => (await import('../../steps/verify.js')).verify(options, ctx),
});
