// The http(s) Agent every request goes through: direct, or through the proxy proxy.ts chose. HTTP and HTTPS proxies
// tunnel with CONNECT (hpagent, which @kubernetes/client-node uses too); SOCKS5 through socks-proxy-agent, always
// letting the proxy resolve the server's name as Go's SOCKS5 dialer does (so socks5:// behaves as socks5h://). Both are
// loaded only when a proxy is configured.
import http from 'node:http';
import https from 'node:https';
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
  // An https:// proxy is verified with the same CAs as the server (Go's transport uses one TLS config for both).
  const proxyRequestOptions = (options: https.AgentOptions): { ca?: string[]; rejectUnauthorized?: boolean } =>
    url.protocol === 'https:' ? { ca: options.ca === undefined ? undefined : [String(options.ca)], rejectUnauthorized: options.rejectUnauthorized } : {};
  return (options) => secure
    ? new HttpsProxyAgent({ ...options, proxy: url, proxyRequestOptions: proxyRequestOptions(options) })
    : new HttpProxyAgent({ ...options, proxy: url, proxyRequestOptions: proxyRequestOptions(options) });
}
