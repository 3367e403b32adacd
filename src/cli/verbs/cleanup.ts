import { parseDuration } from '../duration.js';
import { defineVerb } from '../verb.js';

export default defineVerb({
  command: 'cleanup',
  describe: "Delete Calico's TPR definitions (and so their data), only after every guard passes",
  writesToCluster: true,
  flags: [
    { name: 'backup', type: 'string', complete: 'dir', describe: 'A verified backup matching the live TPR data (required)' },
    { name: 'force', type: 'boolean', default: false, describe: 'Skip the calico/node >= v2.5 check only' },
    { name: 'data-gone-timeout', type: 'string', default: '10s', describe: "How long to wait for the deleted TPRs' data to stop being served before revoking calico/node's TPR rules" },
  ],
  options: (a) => ({ backup: a.backup, force: a.force, dataGoneTimeoutMs: parseDuration(a['data-gone-timeout'], '--data-gone-timeout') }),
  run: async (options, ctx) => (await import('../../steps/cleanup.js')).cleanup(options, ctx),
});
