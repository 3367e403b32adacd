import { parseDuration } from '../duration.js';
import { defineVerb } from '../verb.js';

export default defineVerb({
  command: 'cleanup',
  describe: "Delete Calico's TPR definitions (and so their data), only after every guard passes",
  writesToCluster: true,
  flags: [
    {
      name: 'backup', type: 'string', complete: 'dir', describe: 'A verified backup matching the live TPR data',
      required: 'the backup that holds the TPR data it deletes (make one with "kubectl calico-migrate backup -d DIR")',
    },
    { name: 'force', type: 'boolean', default: false, describe: 'Skip the calico/node >= v2.5 check only' },
    { name: 'data-gone-timeout', type: 'string', default: '10s', arg: 'DURATION', describe: "How long to wait for the deleted TPRs' data to stop being served before revoking calico/node's TPR rules" },
  ],
  examples: [
    ['kubectl calico-migrate cleanup --backup calico-backup', 'Delete the TPRs once calico/node v2.5 runs everywhere (shows the guards, then asks)'],
    ['kubectl calico-migrate cleanup --backup calico-backup -y', 'The same without asking'],
  ],
  options: (a) => ({ backup: a.backup, force: a.force, dataGoneTimeoutMs: parseDuration(a['data-gone-timeout'], '--data-gone-timeout') }),
  run: async (options, ctx) => (await import('../../steps/cleanup.js')).cleanup(options, ctx),
});
