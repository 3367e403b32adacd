// `empty-1.7`: a Kubernetes 1.7 cluster with no Calico at all.
import type { Scenario } from '../types.js';
import { baseObjects, defaultNodes, users } from './common.js';
import { node } from './kube-objects.js';

export function empty17(): Scenario {
  return {
    name: 'empty-1.7', mode: '1.7', description: 'Kubernetes 1.7 without Calico',
    users: users(),
    objects: [...baseObjects(), ...defaultNodes(false).map((n) => node({ ...n, annotations: {} }))],
  };
}
