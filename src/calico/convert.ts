// The one entry point of the TPR → CRD conversion (docs/calico-data.md#conversion): dispatch on the TPR kind.
import { convertConfig } from './convert-config.js';
import { convertGlobalBgpPeer } from './convert-peer.js';
import { convertIpPool } from './convert-pool.js';
import { convertSystemNetworkPolicy } from './convert-policy.js';
import type { ConversionResult } from './convert-common.js';
import type { KubeObject, TprKind } from './types.js';

export type { ConversionResult } from './convert-common.js';

export interface ConvertOptions {
  /** SystemNetworkPolicies are converted only on request: the official job skipped them on purpose (docs/calico-data.md#conversion). */
  includeSnp: boolean;
}

export function convertTprObject(kind: TprKind, obj: KubeObject, opts: ConvertOptions): ConversionResult {
  switch (kind) {
    case 'GlobalConfig':
    case 'GlobalBgpConfig':
      return convertConfig(kind, obj);
    case 'IpPool':
      return convertIpPool(obj);
    case 'GlobalBgpPeer':
      return convertGlobalBgpPeer(obj);
    case 'SystemNetworkPolicy':
      if (!opts.includeSnp) return { status: 'ignored', reason: 'SystemNetworkPolicies are migrated only with --include-snp (the official job skipped them)' };
      return convertSystemNetworkPolicy(obj);
  }
}
