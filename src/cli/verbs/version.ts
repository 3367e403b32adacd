import { defineVerb } from '../verb.js';

export default defineVerb({
  command: 'version',
  describe: 'Print the client version, and the server version and context when reachable',
  flags: [{ name: 'client', type: 'boolean', default: false, describe: 'Client version only; never contacts the cluster' }],
  examples: [['kubectl calico-migrate version -o json', 'versions as JSON']],
  options: (a) => ({ clientOnly: a.client }),
  run: async (options, ctx) => (await import('../../steps/version.js')).version(options, ctx),
});
