// Which proxy, if any, a request to the API server goes through, with kubectl's rules: the kubeconfig cluster's
// proxy-url wins (for every server, loopback included); otherwise the environment as Go's http.ProxyFromEnvironment
// reads it (golang.org/x/net/http/httpproxy): HTTPS_PROXY/https_proxy for https servers, HTTP_PROXY/http_proxy for http
// ones, NO_PROXY/no_proxy exceptions, and never for `localhost` or a loopback IP. Pure: no I/O.
import net from 'node:net';
import { isLoopback, parseCidr, sameIp } from './ip.js';
import { redactText } from './redact.js';

export type ProxySource = 'proxy-url' | 'HTTPS_PROXY' | 'https_proxy' | 'HTTP_PROXY' | 'http_proxy';

export interface ProxyChoice {
  url: URL;
  /** Where the proxy came from, for warnings and -v logs. */
  source: ProxySource;
}

export class ProxyConfigError extends Error {}

type Env = Record<string, string | undefined>;

/** The schemes client-go accepts in proxy-url. */
const SCHEMES = new Set(['http:', 'https:', 'socks5:', 'socks5h:']);

/**
 * The proxy for requests to `server`, or undefined for a direct connection. `proxyUrl` is the kubeconfig cluster's
 * proxy-url; an unusable one is an error (client-go refuses it too), and so is an environment proxy with a scheme Go
 * cannot use; an unparseable environment value is ignored, as Go does.
 */
export function proxyFor(server: string, proxyUrl: string | undefined, env: Env): ProxyChoice | undefined {
  if (proxyUrl) return { url: parseProxyUrl(proxyUrl), source: 'proxy-url' };
  const target = new URL(server);
  const https = target.protocol === 'https:';
  const [name, value] = firstSet(env, https ? ['HTTPS_PROXY', 'https_proxy'] : ['HTTP_PROXY', 'http_proxy']);
  if (!value) return undefined;
  // Under CGI a client's Proxy header would set HTTP_PROXY (httpoxy): Go fails the request, here it goes direct.
  if (!https && env.REQUEST_METHOD) return undefined;
  const url = parseEnvProxy(name!, value);
  if (!url) return undefined;
  const port = target.port || (https ? '443' : '80');
  if (!useProxy(bareHost(target.hostname), port, firstSet(env, ['NO_PROXY', 'no_proxy'])[1] ?? '')) return undefined;
  return { url, source: name as ProxySource };
}

/** The kubeconfig's proxy-url, checked as client-go's validation does. */
export function parseProxyUrl(value: string): URL {
  const shown = redactText(value);   // a proxy URL may hold a password
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ProxyConfigError(`proxy-url "${shown}" is not a valid URL: use http://host:port, https://host:port or socks5://host:port`);
  }
  if (!SCHEMES.has(url.protocol)) {
    throw new ProxyConfigError(`proxy-url "${shown}" has an unsupported scheme "${url.protocol.replace(/:$/, '')}": use http, https or socks5`);
  }
  if (!url.hostname) throw new ProxyConfigError(`proxy-url "${shown}" names no host`);
  return url;
}

/**
 * Go's parseProxy: a value without a scheme or host is read as http://value; one that names a scheme Go cannot use is
 * an error (Go fails every request with it), here before the first request.
 */
function parseEnvProxy(name: string, value: string): URL | undefined {
  const parse = (text: string): URL | undefined => {
    try {
      const url = new URL(text);
      return url.hostname ? url : undefined;
    } catch {
      return undefined;
    }
  };
  const url = parse(value) ?? parse(`http://${value}`);
  if (url && !SCHEMES.has(url.protocol)) {
    throw new ProxyConfigError(`${name} has an unsupported proxy scheme "${url.protocol.replace(/:$/, '')}": use http, https or socks5`);
  }
  return url;
}

/** Go's getEnvAny: the first variable that is set and not empty. */
function firstSet(env: Env, names: string[]): [string | undefined, string | undefined] {
  for (const name of names) if (env[name]) return [name, env[name]];
  return [undefined, undefined];
}

const bareHost = (hostname: string): string => hostname.replace(/^\[(.*)\]$/, '$1');

/** httpproxy's useProxy: false when the host is loopback, `localhost`, or matched by NO_PROXY. */
export function useProxy(host: string, port: string, noProxy: string): boolean {
  if (host === 'localhost') return false;
  const ip = net.isIP(host) ? host : undefined;
  if (ip && isLoopback(ip)) return false;
  const name = host.toLowerCase();
  for (const raw of noProxy.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return false;
    const cidr = parseCidr(entry);
    if (cidr) {
      if (ip && cidr.matches(ip)) return false;
      continue;
    }
    let [entryHost, entryPort] = splitHostPort(entry);
    if (!entryHost) continue;
    if (net.isIP(entryHost)) {
      if (ip && sameIp(ip, entryHost) && (!entryPort || entryPort === port)) return false;
      continue;
    }
    // foo.com matches foo.com and its subdomains; .foo.com and *.foo.com only the subdomains.
    if (entryHost.startsWith('*.')) entryHost = entryHost.slice(1);
    const matchHost = !entryHost.startsWith('.');
    const suffix = matchHost ? `.${entryHost}` : entryHost;
    if ((name.endsWith(suffix) || (matchHost && name === entryHost)) && (!entryPort || entryPort === port)) return false;
  }
  return true;
}

/** Go's net.SplitHostPort, falling back to the whole entry as the host (httpproxy does the same). */
function splitHostPort(entry: string): [string, string | undefined] {
  const bracketed = /^\[([^\]]*)\]:(\d*)$/.exec(entry);
  if (bracketed) return [bracketed[1]!, bracketed[2]];
  const plain = /^([^:]*):(\d*)$/.exec(entry);
  if (plain) return [plain[1]!, plain[2]];
  return [entry, undefined];
}
