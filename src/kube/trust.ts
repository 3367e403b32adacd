// Which certificate authorities verify the API server: the kubeconfig's CA when it names one, otherwise the system
// trust store, as kubectl does (Go's crypto/x509 system roots; on Linux SSL_CERT_FILE and SSL_CERT_DIR replace the
// default file and directories). Node's 'system' store reads the same places (OpenSSL's defaults and their variables);
// Node's own default would be its bundled Mozilla list plus NODE_EXTRA_CA_CERTS, which kubectl never reads.
import net from 'node:net';
import tls, { type PeerCertificate } from 'node:tls';
import { sameIp } from './ip.js';

/**
 * TLS options that trust the configured CA, or else the system store. The system store (hundreds of certificates) is
 * loaded once into one SecureContext shared by every connection: as plain `ca` text, each new connection would parse
 * it again (tens of milliseconds each) and the Agent would hash it into its pool key on every request.
 */
export function trustOptions(configured: Buffer | undefined, cert?: Buffer, key?: Buffer): { ca?: Buffer; secureContext?: tls.SecureContext } {
  if (configured) return { ca: configured };
  return { secureContext: tls.createSecureContext({ ca: tls.getCACertificates('system'), cert, key }) };
}

/**
 * The server certificate's name check. An IP literal server (https://[::1]:6443) must match an IP SAN, as in Go; Node
 * 22.23's own check reads an IPv6 literal as a host name and fails every time, so IPs are compared here, as bytes.
 */
export function checkServerIdentity(host: string, cert: PeerCertificate): Error | undefined {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (!net.isIP(bare)) return tls.checkServerIdentity(host, cert);
  const ips = (cert.subjectaltname ?? '').split(', ').filter((n) => n.startsWith('IP Address:')).map((n) => n.slice('IP Address:'.length));
  if (ips.some((ip) => sameIp(ip, bare))) return undefined;
  return Object.assign(new Error(`Hostname/IP does not match certificate's altnames: IP: ${bare} is not in the cert's list: ${ips.join(', ')}`),
    { code: 'ERR_TLS_CERT_ALTNAME_INVALID', reason: `IP: ${bare} is not in the cert's list`, host: bare, cert });
}
