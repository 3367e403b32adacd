import { defineVerb } from '../verb.js';

export default defineVerb({
  command: 'rollback',
  describe: 'Undo migrate and rbac while the TPRs still exist (only what the tool created and nobody changed)',
});
