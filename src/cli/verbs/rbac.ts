import { defineVerb } from '../verb.js';

export default defineVerb<{ 'dry-run': boolean; revert: boolean; backup?: string }>({
  run: async (args, ctx) => (await import('../../steps/rbac.js')).rbac(args, ctx),
  command: 'rbac',
  describe: "Add Calico v2.5's crd.projectcalico.org rule to calico-node's ClusterRole, keeping the v2.4 TPR rules until cleanup",
  builder: (y) => y
    .option('dry-run', { type: 'boolean', default: false, describe: 'Show the diff; change nothing' })
    .option('revert', { type: 'boolean', default: false, describe: 'Remove exactly what rbac added (a role changed since is a conflict, never overwritten)' })
    .option('backup', { type: 'string', describe: 'With --revert: the backup holding the role as it was before rbac' }),
  examples: [
    ['kubectl calico-migrate rbac --dry-run', 'Show how the role would change'],
    ['kubectl calico-migrate rbac -y', 'Add the CRD rule without asking'],
    ['kubectl calico-migrate rbac --revert -y', 'Remove what rbac added'],
  ],
});
