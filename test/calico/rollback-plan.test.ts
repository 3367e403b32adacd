// The pure side of rollback: only the tool's CRs that still equal the conversion of their source, and only the v2.5
// node-peer keys that duplicate their v2.4 key.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { convertTprObject } from '../../src/calico/convert.js';
import { withProvenance } from '../../src/calico/provenance.js';
import { emptyTprObjects } from '../../src/cluster/tprs.js';
import { addedNodePeerKeys, parseSourceRef, planCrRollback } from '../../src/calico/rollback-plan.js';

const tprPool = { apiVersion: 'projectcalico.org/v1', kind: 'IpPool', metadata: { name: '10-0-0-0-8', namespace: 'kube-system' }, spec: { value: '{"cidr":"10.0.0.0/8"}' } } as any;
const converted = () => { const r = convertTprObject('IpPool', tprPool, { includeSnp: false }); if (r.status !== 'ok') throw new Error(r.reason); return r.target; };
const created = () => withProvenance(converted(), { kind: 'IpPool', namespace: 'kube-system', name: '10-0-0-0-8' }, 'v0.1.0') as any;

test('parseSourceRef reads back what provenance writes and rejects anything else', () => {
  assert.equal(parseSourceRef('ippools.projectcalico.org/kube-system/10-0-0-0-8'), { kind: 'IpPool', namespace: 'kube-system', name: '10-0-0-0-8' });
  assert.is(parseSourceRef('widgets.example.com/ns/x'), undefined);
  assert.is(parseSourceRef('ippools.projectcalico.org/kube-system'), undefined);
});

test('a tool-created CR equal to its source is deleted; changed, orphaned or foreign CRs are kept or ignored', () => {
  const sources = { ...emptyTprObjects(), IpPool: [tprPool] };
  const changed = { ...created(), spec: { ...created().spec, disabled: true } };
  const foreign = { ...converted(), metadata: { name: '10-0-0-0-8' } };
  assert.equal(planCrRollback({ IPPool: [created()] }, sources).map((e) => e.action), ['delete']);
  const keptChanged = planCrRollback({ IPPool: [changed] }, sources);
  assert.equal(keptChanged.map((e) => e.action), ['keep']);
  assert.match(keptChanged[0]!.detail, /spec\.disabled/);
  assert.match(planCrRollback({ IPPool: [created()] }, emptyTprObjects())[0]!.detail, /no longer exists/);
  assert.equal(planCrRollback({ IPPool: [foreign] }, sources), [], 'no provenance: not the tool\'s, not listed');
});

test('addedNodePeerKeys: the v2.5 key of an IPv6 peer with the same value; not when the backup shows it existed before', () => {
  const value = '{"ip":"aa:bb::ff","as_num":"64512"}';
  const annotations = {
    'peer.bgp.projectcalico.org/aa-bb--ff': value,
    'peer.bgp.projectcalico.org/00aa-00bb-0000-0000-0000-0000-0000-00ff': value,
    'peer.bgp.projectcalico.org/10-0-0-1': '{"ip":"10.0.0.1","as_num":"64513"}',
  };
  assert.equal(addedNodePeerKeys(annotations), ['peer.bgp.projectcalico.org/00aa-00bb-0000-0000-0000-0000-0000-00ff']);
  assert.equal(addedNodePeerKeys(annotations, annotations), []);
  assert.equal(addedNodePeerKeys({ ...annotations, 'peer.bgp.projectcalico.org/00aa-00bb-0000-0000-0000-0000-0000-00ff': '{"ip":"aa:bb::ff","as_num":"64512" }' }), [], 'a different value is not ours');
});

test.run();
