import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { convertTprObject } from '../../src/calico/convert.js';
import type { KubeObject } from '../../src/calico/types.js';

// calico@v2.4.1 hack/remove-calico-policy/system-network-policy-override.yaml (docs/calico-data.md#v24-shapes)
const snp: KubeObject = {
  apiVersion: 'alpha.projectcalico.org/v1', kind: 'SystemNetworkPolicy',
  metadata: { name: 'allow-all-calico-policy', namespace: 'kube-system', uid: 'u', resourceVersion: '7' },
  spec: { order: 0.0, ingress: [{ action: 'allow' }], egress: [{ action: 'allow' }] },
};

test('SNPs are ignored unless asked for (docs/calico-data.md#conversion)', () => {
  const r = convertTprObject('SystemNetworkPolicy', snp, { includeSnp: false });
  assert.is(r.status, 'ignored');
});

test('docs/calico-data.md#samples SNP → the verbatim v2.5.1 GNP: name and spec unchanged', () => {
  const r = convertTprObject('SystemNetworkPolicy', snp, { includeSnp: true });
  assert.is(r.status, 'ok');
  if (r.status === 'ok') {
    assert.equal(r.target, {
      apiVersion: 'crd.projectcalico.org/v1', kind: 'GlobalNetworkPolicy',
      metadata: { name: 'allow-all-calico-policy' },
      spec: { order: 0, ingress: [{ action: 'allow' }], egress: [{ action: 'allow' }] },
    });
    assert.ok(r.notes[0].includes('snp.projectcalico.org/allow-all-calico-policy'));
    assert.is.not(r.target.spec, snp.spec, 'the spec is a copy');
  }
});

test('invalid SNPs: no spec, a non-DNS-1123 name', () => {
  assert.is(convertTprObject('SystemNetworkPolicy', { ...snp, spec: undefined }, { includeSnp: true }).status, 'invalid');
  assert.is(convertTprObject('SystemNetworkPolicy', { ...snp, metadata: { name: 'Allow_All' } }, { includeSnp: true }).status, 'invalid');
});

test.run();
