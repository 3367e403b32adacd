import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { planNodePeerAnnotations, readNodePeers } from '../../src/calico/node-peers.js';

test('docs/calico-data.md#samples node-scoped IPv6 peer: a new expanded key with the same value; the old key stays', () => {
  const value = '{"ip":"aa:bb::ff","as_num":"64514"}';
  const plan = planNodePeerAnnotations({ 'peer.bgp.projectcalico.org/aa-bb--ff': value, 'projectcalico.org/IPv4Address': '10.0.0.1/24' });
  assert.equal(plan.add, { 'peer.bgp.projectcalico.org/00aa-00bb-0000-0000-0000-0000-0000-00ff': value });
  assert.is(plan.actions.length, 1);
  assert.is(plan.actions[0].action, 'add-key');
});

test('IPv4 peers keep their key: no action', () => {
  const plan = planNodePeerAnnotations({ 'peer.bgp.projectcalico.org/192-168-1-1': '{"ip":"192.168.1.1","as_num":"63400"}' });
  assert.equal(plan.add, {});
  assert.is(plan.actions[0].action, 'keep');
  const peer = readNodePeers({ 'peer.bgp.projectcalico.org/192-168-1-1': '{"ip":"192.168.1.1","as_num":"63400"}' })[0];
  assert.ok(peer.ok && peer.peer.peerIP === '192.168.1.1' && peer.peer.asNumber === 63400);
});

test('re-running on the output: the new key is kept, the old one reports present; nothing to add', () => {
  const value = '{"ip":"aa:bb::ff","as_num":"64514"}';
  const plan = planNodePeerAnnotations({ 'peer.bgp.projectcalico.org/aa-bb--ff': value, 'peer.bgp.projectcalico.org/00aa-00bb-0000-0000-0000-0000-0000-00ff': value });
  assert.equal(plan.add, {});
  assert.equal(plan.actions.map((a) => a.action).sort(), ['keep', 'present']);
});

test('a new key that exists with another AS is a conflict and is not overwritten', () => {
  const plan = planNodePeerAnnotations({
    'peer.bgp.projectcalico.org/aa-bb--ff': '{"ip":"aa:bb::ff","as_num":"64514"}',
    'peer.bgp.projectcalico.org/00aa-00bb-0000-0000-0000-0000-0000-00ff': '{"ip":"aa:bb::ff","as_num":"65000"}',
  });
  assert.equal(plan.add, {});
  const conflict = plan.actions.find((a) => a.action === 'conflict');
  assert.ok(conflict && conflict.action === 'conflict' && conflict.detail.includes('65000'));
});

test('invalid annotations are reported: bad JSON, bad ip, numeric or dotted as_num, key/ip mismatch', () => {
  const plan = planNodePeerAnnotations({
    'peer.bgp.projectcalico.org/a': 'not json',
    'peer.bgp.projectcalico.org/b': '{"ip":"nope","as_num":"1"}',
    'peer.bgp.projectcalico.org/c-c--1': '{"ip":"c:c::1","as_num":64514}',
    'peer.bgp.projectcalico.org/d-d--1': '{"ip":"d:d::1","as_num":"1.10"}',
    'peer.bgp.projectcalico.org/1-2-3-4': '{"ip":"1.2.3.5","as_num":"1"}',
  });
  assert.equal(plan.actions.map((a) => a.action), ['invalid', 'invalid', 'invalid', 'invalid', 'invalid']);
  assert.equal(plan.add, {});
});

test('annotations without the prefix and an absent map are ignored', () => {
  assert.equal(planNodePeerAnnotations(undefined), { actions: [], add: {} });
  assert.equal(planNodePeerAnnotations({ 'config.bgp.projectcalico.org/x': '1' }), { actions: [], add: {} });
});

test.run();
