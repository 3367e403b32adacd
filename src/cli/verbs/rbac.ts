import { defineVerb } from '../verb.js';

export default defineVerb<{ 'dry-run': boolean; revert: boolean; backup?: string }>({
  run: async (args, ctx) => (await import('../../steps/rbac.js')).rbac(args, ctx),
  command: 'rbac',
  describe: "Rewrite calico-node's ClusterRole for Calico v2.5 (TPR rules out, crd.projectcalico.org rules in)",
  builder: (y) => y
    .option('dry-run', { type: 'boolean', default: false, describe: 'Show the diff; change nothing' })
    .option('revert', { type: 'boolean', default: false, describe: 'Put back the role saved in --backup' })
    .option('backup', { type: 'string', describe: 'Backup directory holding the original role (for --revert)' }),
  examples: [
    ['kubectl calico-migrate rbac --dry-run', 'Show how the role would change'],
    ['kubectl calico-migrate rbac -y', 'Rewrite it without asking'],
    ['kubectl calico-migrate rbac --revert --backup DIR -y', 'Put back the role saved in a backup'],
  ],
});
