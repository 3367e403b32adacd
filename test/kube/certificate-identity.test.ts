// The identity a client certificate carries, read as the API server's x509 authenticator reads it (CN = user, O = groups).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { certificateIdentity } from '../../src/kube/certificate-identity.js';

const PKI = path.resolve(new URL('../cluster/pki', import.meta.url).pathname);
const pem = (name: string): Buffer => readFileSync(path.join(PKI, name));

test('the test admin certificate: its CN is the user, its O the group; the date it expires', () => {
  assert.equal(certificateIdentity(pem('client-admin.crt')), { commonName: 'test-admin', organizations: ['system:masters'], notAfter: '2036-11-27T01:15:01.000Z' });
  assert.equal(certificateIdentity(pem('client-readonly.crt'))?.organizations, []);
});

test('several organizations, a comma, an equals sign and a backslash in values (raw, not RFC 4514-escaped); the first certificate of a chain; not a certificate', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cert-identity-'));
  try {
    const key = path.join(dir, 'k.pem');
    const crt = path.join(dir, 'c.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', crt, '-days', '1',
      '-subj', '/O=system:masters/O=calico, ops=yes/O=a\\\\b/CN=jane@example.com'], { stdio: 'ignore' });
    const one = readFileSync(crt);
    assert.equal(certificateIdentity(one)?.commonName, 'jane@example.com');
    assert.equal(certificateIdentity(one)?.organizations, ['system:masters', 'calico, ops=yes', 'a\\b']);
    assert.equal(certificateIdentity(Buffer.concat([one, pem('ca.crt')]))?.commonName, 'jane@example.com');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.is(certificateIdentity('not a certificate'), undefined);
});

test.run();
