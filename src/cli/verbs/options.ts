// kubectl keeps its global flags on one page (`kubectl options`); the connection flags are this plugin's.
import { optionsHelp } from '../help.js';
import type { Verb } from '../verb.js';

const options: Verb = {
  name: 'options',
  command: 'options',
  describe: "Print the connection flags every verb takes (kubectl's names and meanings)",
  flags: [],
  examples: [
    ['kubectl calico-migrate options', 'The connection flags, with what each one does'],
    ['kubectl calico-migrate --context prod --as admin check', 'Check the cluster of context prod, impersonating user admin'],
  ],
  page: optionsHelp,
};

export default options;
