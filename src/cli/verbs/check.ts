import { defineVerb } from '../verb.js';

export default defineVerb({
  command: 'check',
  describe: 'Do I need this migration, and can I run it? (exit 0 needed and ready, 1 not needed, 2 blocked)',
  flags: [],
  examples: [
    ['kubectl calico-migrate check', 'Versions, Calico DaemonSet, TPRs/CRDs, permissions, migration state, verdict and next command'],
    ['kubectl calico-migrate --context prod check', 'Check the cluster of context prod'],
    ['kubectl calico-migrate check -o json', 'The same as a stable JSON document'],
  ],
  options: () => ({}),
  run: async (_options, ctx) => (await import('../../steps/check.js')).check(ctx),
});
