// Who a client certificate says the user is, as the API server's x509 authenticator reads it: the subject's Common
// Name is the user name and each Organization a group (k8s.io/apiserver pkg/authentication/request/x509, CommonNameUserConversion).
import { X509Certificate } from 'node:crypto';

export interface CertificateIdentity {
  commonName: string;
  organizations: string[];
  /** When the certificate stops being accepted (ISO 8601). */
  notAfter: string;
}

/** The first certificate of a PEM (the client's own; any after it are its chain), or undefined when it does not parse. */
export function certificateIdentity(pem: Buffer | string): CertificateIdentity | undefined {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    return undefined;
  }
  // The legacy object holds each attribute's raw value (the subject string escapes commas, plus signs, backslashes);
  // an attribute given more than once is a list, and of several CNs Go's pkix.Name keeps the last.
  const subject = cert.toLegacyObject().subject as unknown as Record<string, string | string[] | undefined>;
  const all = (type: string): string[] => [subject[type] ?? []].flat();
  return {
    commonName: all('CN').at(-1) ?? '',
    organizations: all('O'),
    notAfter: new Date(cert.validTo).toISOString(),
  };
}
