// Bad input, part 3: TPR data Calico could never have read — an unparseable value, an invalid CIDR, a name that is not
// DNS-1123, config keys that differ only in case. migrate reports each (exit 1: skipped or conflict, with the reason),
// writes nothing for it, migrates everything else, and never prints a stack trace.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startCluster, type Cluster, type KubeObject } from '../cluster/index.js';
import { runCli } from '../support/cli.js';
import { assertNoStack, newTally } from './support.js';

const tally = newTally('bad input: TPR data');
const PC = 'projectcalico.org/v1';
const tprRef = (resource: string) => ({ group: 'projectcalico.org', version: 'v1', resource, namespace: 'kube-system' });

interface Case { label: string; resource: string; object: KubeObject; result: 'skipped' | 'conflict'; detail: RegExp; crName?: string }

const CASES: Case[] = [
  {
    label: 'an IpPool whose value is not valid JSON',
    resource: 'ippools',
    object: { apiVersion: PC, kind: 'IpPool', metadata: { name: '10-9-0-0-16', namespace: 'kube-system' }, spec: { value: '{"cidr": "10.9.0.0/16", "ipip": ' } },
    result: 'skipped', detail: /spec\.value is not valid JSON, so Calico v2\.4 never read it/, crName: '10-9-0-0-16',
  },
  {
    label: 'an IpPool with an invalid CIDR',
    resource: 'ippools',
    object: { apiVersion: PC, kind: 'IpPool', metadata: { name: '10-30-0-0-16', namespace: 'kube-system' }, spec: { value: JSON.stringify({ cidr: '10.300.0.0/16', ipip: '', ipip_mode: '', masquerade: false, ipam: true, disabled: false }) } },
    result: 'skipped', detail: /spec\.value\.cidr "10\.300\.0\.0\/16" is not a valid CIDR/, crName: '10-30-0-0-16',
  },
  {
    label: 'a GlobalBgpConfig whose name is not DNS-1123',
    resource: 'globalbgpconfigs',
    object: { apiVersion: PC, kind: 'GlobalBgpConfig', metadata: { name: 'Node_Mesh', namespace: 'kube-system' }, spec: { name: 'Node_Mesh', value: 'x' } },
    result: 'skipped', detail: /"Node_Mesh" is not a DNS-1123 subdomain/,
  },
  {
    label: 'GlobalConfig keys that differ only in case ("LogSeverityScreen" and "logSeverityScreen")',
    resource: 'globalconfigs',
    object: { apiVersion: PC, kind: 'GlobalConfig', metadata: { name: 'logseverityscreen-2', namespace: 'kube-system' }, spec: { name: 'logSeverityScreen', value: 'Debug' } },
    result: 'conflict', detail: /differ only in case/, crName: 'logseverityscreen-2',
  },
];

let cluster: Cluster;
let rows: Array<{ kind: string; source: { name: string }; result: string; detail?: string; resultDetail?: string }>;
let code: number;
let stderr: string;

test.before(async () => {
  cluster = await startCluster({ scenario: 'calico-v2.4' });
  for (const c of CASES) cluster.state.create(tprRef(c.resource), c.object);
  const r = await runCli(['--kubeconfig', cluster.kubeconfigPath, 'migrate', '-o', 'json']);
  code = r.code;
  stderr = r.stderr;
  rows = JSON.parse(r.stdout).objects;
});
test.after(async () => {
  await cluster.stop();
});

for (const c of CASES) {
  test(`${c.label} → ${c.result}, reported, not written`, () => {
    assert.is(code, 1, 'exit 1: migrate left objects behind');
    assertNoStack(stderr);
    const row = rows.find((e) => e.source?.name === c.object.metadata.name);
    assert.ok(row, `a row for ${c.object.metadata.name}`);
    assert.is(row!.result, c.result);
    assert.match(`${row!.detail ?? ''} ${row!.resultDetail ?? ''}`, c.detail);
    if (c.crName) {
      const plural = { ippools: 'ippools', globalbgppeers: 'bgppeers', globalconfigs: 'globalfelixconfigs' }[c.resource]!;
      assert.is(cluster.state.get({ group: 'crd.projectcalico.org', version: 'v1', resource: plural, name: c.crName }), undefined, 'no CR written for it');
    }
    tally.refused++;
  });
}

test('everything valid is still migrated: verify reports only the refused objects', async () => {
  const r = await runCli(['--kubeconfig', cluster.kubeconfigPath, 'verify', '-o', 'json']);
  const objects = JSON.parse(r.stdout).objects as Array<{ status: string; source?: { name: string } }>;
  const bad = new Set(CASES.map((c) => c.object.metadata.name));
  for (const o of objects) {
    if (o.source && bad.has(o.source.name)) continue;
    assert.ok(['match', 'ignored'].includes(o.status), `${o.source?.name}: ${o.status}`);
  }
});

test.run();
