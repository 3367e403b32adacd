// Which TPR-era IPv6 node-peer keys cleanup removes (exactly what migrate superseded, and only what the backup holds),
// and which restore and rollback put back.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { planSupersededKeyRemoval, supersededPeerKeys, supersededPeerKeysToPutBack } from '../../src/calico/superseded-peer-keys.js';

const OLD = 'peer.bgp.projectcalico.org/aa-bb--ff';
const NEW = 'peer.bgp.projectcalico.org/00aa-00bb-0000-0000-0000-0000-0000-00ff';
const VALUE = '{"ip":"aa:bb::ff","as_num":"64514"}';
const V4 = 'peer.bgp.projectcalico.org/10-240-0-254';
const V4_VALUE = '{"ip":"10.240.0.254","as_num":"64514"}';
const saved = { [OLD]: VALUE, [V4]: V4_VALUE, 'projectcalico.org/IPv4Address': '10.240.0.12/24' };

test('after migrate, the compressed key of an IPv6 peer is superseded; the v2.5 key, IPv4 peers and other keys are not', () => {
  const live = { ...saved, [NEW]: VALUE };
  assert.equal(supersededPeerKeys(live, saved), [OLD]);
});

test('nothing is superseded before migrate, or when the v2.5 key names another AS or is not a peer', () => {
  assert.equal(supersededPeerKeys(saved, saved), []);
  assert.equal(supersededPeerKeys({ ...saved, [NEW]: '{"ip":"aa:bb::ff","as_num":"65000"}' }, saved), []);
  assert.equal(supersededPeerKeys({ ...saved, [NEW]: 'not json' }, saved), []);
});

test('the same peer written differently under the v2.5 key still supersedes the old key', () => {
  assert.equal(supersededPeerKeys({ [OLD]: VALUE, [NEW]: '{"as_num":"64514","ip":"AA:BB:0::FF"}' }, { [OLD]: VALUE }), [OLD]);
});

test('only what the backup holds, with the same value: never a key that only the live Node has or that changed since', () => {
  const live = { ...saved, [NEW]: VALUE };
  assert.equal(supersededPeerKeys(live, undefined), []);
  assert.equal(supersededPeerKeys(live, { [V4]: V4_VALUE }), []);
  assert.equal(supersededPeerKeys({ ...live, [OLD]: '{"ip":"aa:bb::ff", "as_num":"64514"}' }, saved), []);
});

test('per Node, with the resourceVersion read; Nodes with nothing to remove are left out', () => {
  const plan = planSupersededKeyRemoval([
    { node: 'k8s-node-1', resourceVersion: '7', annotations: { [V4]: V4_VALUE } },
    { node: 'k8s-node-2', resourceVersion: '9', annotations: { ...saved, [NEW]: VALUE } },
    { node: 'k8s-node-9', resourceVersion: '3', annotations: { ...saved, [NEW]: VALUE } },
  ], [{ node: 'k8s-node-1', annotations: { [V4]: V4_VALUE } }, { node: 'k8s-node-2', annotations: saved }]);
  assert.equal(plan, [{ node: 'k8s-node-2', resourceVersion: '9', keys: [OLD] }]);
});

test('put back: the backup\'s superseded key missing from a Node that still holds the same peer under its v2.5 key', () => {
  const afterCleanup = { [V4]: V4_VALUE, 'projectcalico.org/IPv4Address': '10.240.0.12/24', [NEW]: VALUE };
  assert.equal(supersededPeerKeysToPutBack(afterCleanup, saved), { [OLD]: VALUE });
  assert.equal(supersededPeerKeysToPutBack({ ...afterCleanup, [OLD]: VALUE }, saved), {}, 'already there: nothing to write');
});

test('put back nothing else: not an IPv4 peer or another key missing, not when the v2.5 key is gone or names another peer', () => {
  assert.equal(supersededPeerKeysToPutBack({ [NEW]: VALUE }, { [V4]: V4_VALUE, 'projectcalico.org/ASNumber': '64513' }), {});
  assert.equal(supersededPeerKeysToPutBack({ [V4]: V4_VALUE }, saved), {}, 'the peer was deleted under its v2.5 key: not brought back');
  assert.equal(supersededPeerKeysToPutBack({ [NEW]: '{"ip":"aa:bb::ff","as_num":"65000"}' }, saved), {});
  assert.equal(supersededPeerKeysToPutBack({}, { [OLD]: VALUE, [NEW]: VALUE }), {}, 'a v2.5 key only the backup holds does not count');
});

test.run();
