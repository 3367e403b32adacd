// The http(s) Agent every request goes through: direct, or through the proxy proxy.ts chose. HTTP and HTTPS proxies
// tunnel with CONNECT (hpagent, which @kubernetes/client-node uses too); SOCKS5 through socks-proxy-agent, always
// letting the proxy resolve the server's name as Go's SOCKS5 dialer does (so socks5:// behaves as socks5h://). Both are
// loaded only when a proxy is configured.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { ProxyChoice } from './proxy.js';

/** Makes an Agent with the given options (TLS material, keep-alive, socket limit) for the one server. */
export type AgentFactory = (options: https.AgentOptions) => http.Agent;

export async function agentFactory(server: URL, proxy: ProxyChoice | undefined): Promise<AgentFactory> {
  const secure = server.protocol === 'https:';
  if (!proxy) return (options) => (secure ? new https.Agent(options) : new http.Agent(options));
  const url = proxy.url;
  if (url.protocol === 'socks5:' || url.protocol === 'socks5h:') {
    const { SocksProxyAgent } = await import('socks-proxy-agent');
    const remote = new URL(url.href);
    remote.protocol = 'socks5h:';
    return (options) => new SocksProxyAgent(remote, options);
  }
  const { HttpProxyAgent, HttpsProxyAgent } = await import('hpagent');
  // hpagent writes CONNECT ::1:6443 for an IPv6 server; kubectl (and RFC 9110's authority form) write [::1]:6443.
  type Connect = (options: { host?: string | null }, callback: unknown) => unknown;
  const bracketed = <A extends http.Agent>(agent: A): A => {
    const target = agent as unknown as { createConnection: Connect };
    const connect = target.createConnection.bind(agent);
    target.createConnection = (options, callback) =>
      connect(options.host && net.isIPv6(options.host) ? { ...options, host: `[${options.host}]` } : options, callback);
    return agent;
  };
  // An https:// proxy is verified with the same CAs as the server (Go's transport uses one TLS config for both).
  const proxyRequestOptions = (options: https.AgentOptions): { ca?: string[]; rejectUnauthorized?: boolean } =>
    url.protocol === 'https:' ? { ca: options.ca === undefined ? undefined : [String(options.ca)], rejectUnauthorized: options.rejectUnauthorized } : {};
  return (options) => secure
    ? bracketed(new HttpsProxyAgent({ ...options, proxy: url, proxyRequestOptions: proxyRequestOptions(options) }))
    : bracketed(new HttpProxyAgent({ ...options, proxy: url, proxyRequestOptions: proxyRequestOptions(options) }));
}
