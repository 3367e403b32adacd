import { defineVerb } from '../verb.js';

export default defineVerb<{ shell?: string }>({
  command: 'completion [shell]',
  describe: 'Print a shell completion script (bash, zsh or fish)',
});
