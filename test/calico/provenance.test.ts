import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isToolAnnotation, provenanceOf, sourceRefString, withProvenance } from '../../src/calico/provenance.js';
import type { CrdObject } from '../../src/calico/types.js';

test('source reference: <tpr-plural>.<group>/<namespace>/<name>', () => {
  assert.is(sourceRefString({ kind: 'GlobalConfig', namespace: 'kube-system', name: 'clustertype' }), 'globalconfigs.projectcalico.org/kube-system/clustertype');
  assert.is(sourceRefString({ kind: 'SystemNetworkPolicy', namespace: 'kube-system', name: 'p' }), 'systemnetworkpolicies.alpha.projectcalico.org/kube-system/p');
  assert.is(sourceRefString({ kind: 'GlobalBgpConfig', namespace: 'kube-system', name: 'asnumber' }), 'globalbgpconfigs.projectcalico.org/kube-system/asnumber');
});

test('withProvenance adds the two annotations, keeps others, and does not mutate its input', () => {
  const obj: CrdObject = { apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool', metadata: { name: '10-0-0-0-8', annotations: { keep: 'me' } }, spec: { cidr: '10.0.0.0/8' } };
  const out = withProvenance(obj, { kind: 'IpPool', namespace: 'kube-system', name: '10-0-0-0-8' }, '1.2.3');
  assert.equal(out.metadata.annotations, { keep: 'me', 'calico-migrate.projectcalico.org/source': 'ippools.projectcalico.org/kube-system/10-0-0-0-8', 'calico-migrate.projectcalico.org/tool-version': '1.2.3' });
  assert.equal(obj.metadata.annotations, { keep: 'me' });
  assert.equal(provenanceOf(out), { source: 'ippools.projectcalico.org/kube-system/10-0-0-0-8', toolVersion: '1.2.3' });
  assert.is(provenanceOf(obj), undefined);
  assert.ok(isToolAnnotation('calico-migrate.projectcalico.org/source'));
  assert.not.ok(isToolAnnotation('projectcalico.org/IPv4Address'));
});

test.run();
