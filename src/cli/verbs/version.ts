import { defineVerb } from '../verb.js';

export default defineVerb<{ client: boolean }>({
  command: 'version',
  describe: 'Print the client version, and the server version and context when reachable',
  builder: (y) => y.option('client', { type: 'boolean', default: false, describe: 'Client version only; never contacts the cluster' }),
  examples: [['kubectl calico-migrate version -o json', 'versions as JSON']],
  run: async (args, ctx) => (await import('../../steps/version.js')).version(args, ctx),
});
