import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { calicoNodeImageVersion, compareVersions, formatVersion, isAtLeast, isCalicoNodeImage, parseCalicoVersion, parseImageRef } from '../../src/calico/version.js';

test('image references: registry, port, tag, digest', () => {
  assert.equal(parseImageRef('quay.io/calico/node:v2.4.1'), { repository: 'quay.io/calico/node', tag: 'v2.4.1' });
  assert.equal(parseImageRef('calico/node'), { repository: 'calico/node' });
  assert.equal(parseImageRef('registry:5000/calico/node'), { repository: 'registry:5000/calico/node' });
  assert.equal(parseImageRef('registry:5000/calico/node:v2.5.1'), { repository: 'registry:5000/calico/node', tag: 'v2.5.1' });
  assert.equal(parseImageRef('calico/node@sha256:abc'), { repository: 'calico/node', digest: 'sha256:abc' });
  assert.equal(parseImageRef('calico/node:v2.4.1@sha256:abc'), { repository: 'calico/node', tag: 'v2.4.1', digest: 'sha256:abc' });
});

test('isCalicoNodeImage: calico/node from any registry, nothing else', () => {
  for (const yes of ['quay.io/calico/node:v2.4.1', 'calico/node:v2.5.1', 'docker.io/calico/node:v2.4.0-rc1', 'calico/node', 'registry:5000/calico/node@sha256:1']) assert.ok(isCalicoNodeImage(yes), yes);
  for (const no of ['quay.io/calico/cni:v1.10.0', 'quay.io/coreos/flannel:v0.8.0', 'mycalico/node:v2.4.1', 'calico/node-exporter:v1', 'calico/nodes:v2']) assert.not.ok(isCalicoNodeImage(no), no);
});

test('versions of calico/node images (docs/calico-data.md#detection)', () => {
  assert.equal(calicoNodeImageVersion('quay.io/calico/node:v2.4.1'), { major: 2, minor: 4, patch: 1 });
  assert.equal(calicoNodeImageVersion('calico/node:v2.5.1'), { major: 2, minor: 5, patch: 1 });
  assert.equal(calicoNodeImageVersion('docker.io/calico/node:v2.4.0-rc1'), { major: 2, minor: 4, patch: 0, pre: 'rc1' });
  assert.is(calicoNodeImageVersion('calico/node'), undefined);
  assert.is(calicoNodeImageVersion('calico/node@sha256:abc'), undefined);
  assert.is(calicoNodeImageVersion('calico/node:latest'), undefined);
  assert.equal(parseCalicoVersion('2.6.0'), { major: 2, minor: 6, patch: 0 });
  assert.is(parseCalicoVersion('v2.4'), undefined);
});

test('ordering: numeric, pre-release before release', () => {
  const v = (t: string) => parseCalicoVersion(t)!;
  assert.ok(compareVersions(v('v2.4.1'), v('v2.5.0')) < 0);
  assert.ok(compareVersions(v('v2.10.0'), v('v2.9.9')) > 0);
  assert.ok(compareVersions(v('v2.5.0-rc1'), v('v2.5.0')) < 0);
  assert.ok(compareVersions(v('v2.5.0-rc2'), v('v2.5.0-rc10')) > 0, 'rc2 vs rc10 compare as ASCII strings in semver');
  assert.ok(compareVersions(v('v2.5.0-1'), v('v2.5.0-alpha')) < 0);
  assert.ok(compareVersions(v('v2.5.0-beta.2'), v('v2.5.0-beta.10')) < 0);
  assert.is(compareVersions(v('v2.5.1'), v('2.5.1')), 0);
  assert.ok(isAtLeast(v('v2.5.0'), 2, 5));
  assert.ok(isAtLeast(v('v3.0.0'), 2, 5));
  assert.not.ok(isAtLeast(v('v2.4.9'), 2, 5));
  assert.not.ok(isAtLeast(v('v2.5.0-rc1'), 2, 5));
  assert.is(formatVersion(v('v2.4.0-rc1')), 'v2.4.0-rc1');
});

test.run();
