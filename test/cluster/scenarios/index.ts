// The named scenarios.
import type { Scenario } from '../types.js';
import { calicoV24 } from './calico-v24.js';
import { calicoV25Migrated } from './calico-v25-migrated.js';
import { canalV24 } from './canal-v24.js';
import { empty17 } from './empty-17.js';
import { k8s18Broken } from './k8s-18-broken.js';
import { policyOnlyV24 } from './policy-only-v24.js';

export type ScenarioName = 'calico-v2.4' | 'canal-v2.4' | 'policy-only-v2.4' | 'calico-v2.5-migrated' | 'k8s-1.8-broken' | 'empty-1.7';

export const SCENARIOS: Record<ScenarioName, () => Scenario> = {
  'calico-v2.4': calicoV24,
  'canal-v2.4': canalV24,
  'policy-only-v2.4': policyOnlyV24,
  'calico-v2.5-migrated': calicoV25Migrated,
  'k8s-1.8-broken': k8s18Broken,
  'empty-1.7': empty17,
};

export function buildScenario(name: ScenarioName): Scenario {
  const build = SCENARIOS[name];
  if (!build) throw new Error(`unknown scenario ${name}; known: ${Object.keys(SCENARIOS).join(', ')}`);
  return build();
}
