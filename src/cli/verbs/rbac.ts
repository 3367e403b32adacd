import { defineVerb } from '../verb.js';

export default defineVerb({
  command: 'rbac',
  describe: "Add Calico v2.5's crd.projectcalico.org rule to calico-node's ClusterRole, keeping the v2.4 TPR rules until cleanup",
  writesToCluster: true,
  flags: [
    { name: 'dry-run', type: 'boolean', default: false, describe: 'Show the diff; change nothing' },
    { name: 'revert', type: 'boolean', default: false, describe: 'Remove exactly what rbac added (a role changed since is a conflict, never overwritten)' },
    { name: 'backup', type: 'string', complete: 'dir', describe: 'With --revert: the backup holding the role as it was before rbac' },
  ],
  examples: [
    ['kubectl calico-migrate rbac --dry-run', 'Show how the role would change'],
    ['kubectl calico-migrate rbac -y', 'Add the CRD rule without asking'],
    ['kubectl calico-migrate rbac --revert -y', 'Remove what rbac added'],
  ],
  options: (a) => ({ dryRun: a['dry-run'], revert: a.revert, backup: a.backup }),
  run: async (options, ctx) => (await import('../../steps/rbac.js')).rbac(options, ctx),
});
