import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { convertTprObject } from '../../src/calico/convert.js';
import type { KubeObject } from '../../src/calico/types.js';

const opts = { includeSnp: false };
const serverMeta = { namespace: 'kube-system', resourceVersion: '123', uid: 'c0ffee', selfLink: '/apis/projectcalico.org/v1/namespaces/kube-system/globalconfigs/x', creationTimestamp: '2017-08-01T00:00:00Z' };

test('docs/calico-data.md#samples GlobalConfig calicoversion → GlobalFelixConfig, verbatim', () => {
  const tpr: KubeObject = { apiVersion: 'projectcalico.org/v1', kind: 'GlobalConfig', metadata: { name: 'calicoversion', namespace: 'kube-system' }, spec: { name: 'CalicoVersion', value: 'v2.4.1' } };
  const r = convertTprObject('GlobalConfig', tpr, opts);
  assert.equal(r, { status: 'ok', target: { apiVersion: 'crd.projectcalico.org/v1', kind: 'GlobalFelixConfig', metadata: { name: 'calicoversion' }, spec: { name: 'CalicoVersion', value: 'v2.4.1' } }, notes: [], warnings: [] });
  if (r.status === 'ok') assert.equal(JSON.stringify(r.target), '{"apiVersion":"crd.projectcalico.org/v1","kind":"GlobalFelixConfig","metadata":{"name":"calicoversion"},"spec":{"name":"CalicoVersion","value":"v2.4.1"}}');
});

test('docs/calico-data.md#samples GlobalBgpConfig nodemeshenabled → GlobalBGPConfig, verbatim', () => {
  const tpr: KubeObject = { apiVersion: 'projectcalico.org/v1', kind: 'GlobalBgpConfig', metadata: { name: 'nodemeshenabled', namespace: 'kube-system' }, spec: { name: 'NodeMeshEnabled', value: 'true' } };
  const r = convertTprObject('GlobalBgpConfig', tpr, opts);
  assert.equal(r, { status: 'ok', target: { apiVersion: 'crd.projectcalico.org/v1', kind: 'GlobalBGPConfig', metadata: { name: 'nodemeshenabled' }, spec: { name: 'NodeMeshEnabled', value: 'true' } }, notes: [], warnings: [] });
});

test('docs/calico-data.md#v24-shapes full server metadata is dropped, labels and annotations are kept', () => {
  const tpr: KubeObject = {
    apiVersion: 'projectcalico.org/v1', kind: 'GlobalConfig',
    metadata: { name: 'clustertype', ...serverMeta, labels: { team: 'net' }, annotations: { note: 'x', 'kubectl.kubernetes.io/last-applied-configuration': '{}' } },
    spec: { name: 'ClusterType', value: 'KDD,k8s,bgp' },
  };
  const r = convertTprObject('GlobalConfig', tpr, opts);
  assert.is(r.status, 'ok');
  if (r.status === 'ok') {
    assert.equal(r.target.metadata, { name: 'clustertype', labels: { team: 'net' }, annotations: { note: 'x' } });
    assert.equal(r.target.spec, { name: 'ClusterType', value: 'KDD,k8s,bgp' });
  }
});

test('docs/calico-data.md#v25-shapes fixture: key AbCd ⇄ name abcd, spec {AbCd, test}', () => {
  const r = convertTprObject('GlobalConfig', { apiVersion: 'projectcalico.org/v1', kind: 'GlobalConfig', metadata: { name: 'abcd', namespace: 'kube-system' }, spec: { name: 'AbCd', value: 'test' } }, opts);
  assert.equal(r.status === 'ok' && r.target, { apiVersion: 'crd.projectcalico.org/v1', kind: 'GlobalFelixConfig', metadata: { name: 'abcd' }, spec: { name: 'AbCd', value: 'test' } });
});

test('the loglevel quirk (docs/calico-data.md#v24-keys): spec.name LogLevel or loglevel in object loglevel both convert without warning', () => {
  for (const specName of ['LogLevel', 'loglevel']) {
    const r = convertTprObject('GlobalBgpConfig', { apiVersion: 'projectcalico.org/v1', kind: 'GlobalBgpConfig', metadata: { name: 'loglevel', namespace: 'kube-system' }, spec: { name: specName, value: 'info' } }, opts);
    assert.equal(r, { status: 'ok', target: { apiVersion: 'crd.projectcalico.org/v1', kind: 'GlobalBGPConfig', metadata: { name: 'loglevel' }, spec: { name: specName, value: 'info' } }, notes: [], warnings: [] });
  }
});

test('metadata.name is kept as the job did, with a warning when it is not lower(spec.name) (docs/calico-data.md#conversion)', () => {
  const r = convertTprObject('GlobalConfig', { apiVersion: 'projectcalico.org/v1', kind: 'GlobalConfig', metadata: { name: 'my-setting', namespace: 'kube-system' }, spec: { name: 'LogSeverityScreen', value: 'debug' } }, opts);
  assert.is(r.status, 'ok');
  if (r.status === 'ok') {
    assert.is(r.target.metadata.name, 'my-setting');
    assert.is(r.warnings.length, 1);
    assert.match(r.warnings[0], 'logseverityscreen');
  }
});

test('a name that is not DNS-1123 is invalid (docs/calico-data.md#cr-validation)', () => {
  const r = convertTprObject('GlobalBgpConfig', { apiVersion: 'projectcalico.org/v1', kind: 'GlobalBgpConfig', metadata: { name: 'LogLevel', namespace: 'kube-system' }, spec: { name: 'LogLevel', value: 'info' } }, opts);
  assert.is(r.status, 'invalid');
  if (r.status === 'invalid') assert.match(r.reason, 'DNS-1123');
});

test('spec.value must be a string and spec.name non-empty', () => {
  const base = { apiVersion: 'projectcalico.org/v1', kind: 'GlobalConfig', metadata: { name: 'x', namespace: 'kube-system' } };
  assert.is(convertTprObject('GlobalConfig', { ...base, spec: { name: 'X', value: 5 } }, opts).status, 'invalid');
  assert.is(convertTprObject('GlobalConfig', { ...base, spec: { name: 'X', value: true } }, opts).status, 'invalid');
  assert.is(convertTprObject('GlobalConfig', { ...base, spec: { name: '', value: 'v' } }, opts).status, 'invalid');
  assert.is(convertTprObject('GlobalConfig', { ...base, spec: { value: 'v' } }, opts).status, 'invalid');
  assert.is(convertTprObject('GlobalConfig', { ...base }, opts).status, 'invalid');
  assert.is(convertTprObject('GlobalConfig', { ...base, spec: { name: 'X', value: '' } }, opts).status, 'ok', 'an empty string is a string');
});

test('a mismatching kind is invalid; extra spec and top-level fields are dropped with a warning', () => {
  assert.is(convertTprObject('GlobalConfig', { apiVersion: 'projectcalico.org/v1', kind: 'GlobalBgpConfig', metadata: { name: 'x' }, spec: { name: 'X', value: 'v' } }, opts).status, 'invalid');
  const r = convertTprObject('GlobalConfig', { apiVersion: 'projectcalico.org/v1', kind: 'GlobalConfig', metadata: { name: 'x' }, spec: { name: 'X', value: 'v', extra: 1 }, status: {} }, opts);
  assert.is(r.status, 'ok');
  if (r.status === 'ok') {
    assert.equal(r.target.spec, { name: 'X', value: 'v' });
    assert.is(r.warnings.length, 2);
  }
});

test.run();
