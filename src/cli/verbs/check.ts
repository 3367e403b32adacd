import { defineVerb } from '../verb.js';

export default defineVerb({
  command: 'check',
  describe: 'Do I need this migration, and can I run it? (exit 0 needed and ready, 1 not needed, 2 blocked)',
});
