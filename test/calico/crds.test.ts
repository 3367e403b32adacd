import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CALICO_CRDS_V1BETA1, calicoCrdsV1, checkExistingCrd, crdConditionStatus, isEstablished } from '../../src/calico/crds.js';
import type { KubeObject } from '../../src/calico/types.js';

const v1beta1 = (name: string, kind: string, plural: string, singular: string) => ({
  apiVersion: 'apiextensions.k8s.io/v1beta1', kind: 'CustomResourceDefinition', metadata: { name },
  spec: { scope: 'Cluster', group: 'crd.projectcalico.org', version: 'v1', names: { kind, plural, singular } },
});

test('the five manifests equal docs/calico-data.md#crds field for field, in order, without the top-level description', () => {
  assert.equal(CALICO_CRDS_V1BETA1, [
    v1beta1('globalfelixconfigs.crd.projectcalico.org', 'GlobalFelixConfig', 'globalfelixconfigs', 'globalfelixconfig'),
    v1beta1('bgppeers.crd.projectcalico.org', 'BGPPeer', 'bgppeers', 'bgppeer'),
    v1beta1('ippools.crd.projectcalico.org', 'IPPool', 'ippools', 'ippool'),
    v1beta1('globalnetworkpolicies.crd.projectcalico.org', 'GlobalNetworkPolicy', 'globalnetworkpolicies', 'globalnetworkpolicy'),
    v1beta1('globalbgpconfigs.crd.projectcalico.org', 'GlobalBGPConfig', 'globalbgpconfigs', 'globalbgpconfig'),
  ]);
});

test('the apiextensions.k8s.io/v1 rendering', () => {
  const v1 = calicoCrdsV1();
  assert.is(v1.length, 5);
  assert.equal(v1[2], {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'ippools.crd.projectcalico.org' },
    spec: {
      group: 'crd.projectcalico.org', names: { kind: 'IPPool', plural: 'ippools', singular: 'ippool' }, scope: 'Cluster',
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
    },
  });
});

test('checkExistingCrd accepts the manifests in both shapes, also with server fields', () => {
  for (const crd of [...CALICO_CRDS_V1BETA1, ...calicoCrdsV1()]) assert.equal(checkExistingCrd(crd as unknown as KubeObject), { ok: true }, crd.metadata.name);
  const fromServer: KubeObject = { ...(CALICO_CRDS_V1BETA1[0] as unknown as KubeObject), metadata: { name: 'globalfelixconfigs.crd.projectcalico.org', uid: 'u', resourceVersion: '1' }, status: { conditions: [] } };
  assert.equal(checkExistingCrd(fromServer), { ok: true });
});

test('checkExistingCrd lists every incompatibility', () => {
  const bad: KubeObject = {
    apiVersion: 'apiextensions.k8s.io/v1beta1', kind: 'CustomResourceDefinition', metadata: { name: 'ippools.crd.projectcalico.org' },
    spec: { scope: 'Namespaced', group: 'crd.projectcalico.org', version: 'v2', names: { kind: 'IpPool', plural: 'ippools', singular: 'ippool' } },
  };
  const r = checkExistingCrd(bad);
  assert.is(r.ok, false);
  if (!r.ok) assert.equal(r.problems, ['spec.scope is "Namespaced", expected "Cluster"', 'spec.names.kind is "IpPool", expected "IPPool"', 'version v1 is not served']);
  const notServed: KubeObject = { ...(calicoCrdsV1()[0] as unknown as KubeObject) };
  notServed.spec = { ...(notServed.spec as object), versions: [{ name: 'v1', served: false, storage: true }] };
  assert.equal(checkExistingCrd(notServed), { ok: false, problems: ['version v1 is not served'] });
  assert.is(checkExistingCrd({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'foos.example.com' } }).ok, false);
});

test('isEstablished reads status.conditions', () => {
  const crd = (conditions: unknown): KubeObject => ({ apiVersion: 'apiextensions.k8s.io/v1beta1', kind: 'CustomResourceDefinition', metadata: { name: 'x' }, status: { conditions } });
  assert.ok(isEstablished(crd([{ type: 'NamesAccepted', status: 'True' }, { type: 'Established', status: 'True' }])));
  assert.not.ok(isEstablished(crd([{ type: 'Established', status: 'False' }])));
  assert.not.ok(isEstablished(crd([{ type: 'NamesAccepted', status: 'True' }])));
  assert.not.ok(isEstablished({ apiVersion: 'v', kind: 'k', metadata: { name: 'x' } }));
  assert.is(crdConditionStatus(crd([{ type: 'NamesAccepted', status: 'Unknown' }]), 'NamesAccepted'), 'Unknown');
});

test.run();
