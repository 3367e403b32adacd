// The committed test PKI (10-year validity): CA, server cert for 127.0.0.1, ::1 and localhost, client certs.
import { readFileSync } from 'node:fs';

const dir = new URL('./pki/', import.meta.url);
const read = (f: string) => readFileSync(new URL(f, dir), 'utf8');

export interface Pki {
  ca: string;
  serverCert: string;
  serverKey: string;
  /** CN=test-admin, O=system:masters. */
  adminCert: string;
  adminKey: string;
  /** CN=readonly (no groups). */
  readonlyCert: string;
  readonlyKey: string;
}

let cached: Pki | undefined;

export function loadPki(): Pki {
  cached ??= {
    ca: read('ca.crt'), serverCert: read('server.crt'), serverKey: read('server.key'),
    adminCert: read('client-admin.crt'), adminKey: read('client-admin.key'),
    readonlyCert: read('client-readonly.crt'), readonlyKey: read('client-readonly.key'),
  };
  return cached;
}
