// Credentials never reach a log line: headers, bearer tokens, private keys and user info in URLs are masked before
// anything is printed.
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-auth-token']);

export function redactHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    out[key] = SECRET_HEADERS.has(key.toLowerCase()) ? redactAuthorization(text) : text;
  }
  return out;
}

function redactAuthorization(value: string): string {
  const scheme = value.split(' ')[0];
  return scheme && scheme !== value ? `${scheme} <redacted>` : '<redacted>';
}

/** Masks anything that looks like a credential inside free text (bodies, error messages, exec output). */
export function redactText(text: string): string {
  return text
    .replace(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, '<redacted private key>')
    .replace(/(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, '$1 <redacted>')
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"']+@/gi, '$1<redacted>@') // user info in a URL
    .replace(/("(?:token|password|client-key-data|client-certificate-data|clientKeyData|access-token|id-token|refresh-token|access_token|id_token|refresh_token)"\s*:\s*")[^"]*(")/gi, '$1<redacted>$2');
}

/** A server URL as it may be shown: without the user info (`https://user:password@host` → `https://host`). */
export function withoutUserinfo(server: string): string {
  // User info ends at the first '@' of the authority, which holds no '/', '?' or '#'.
  return server.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)?[^/?#@]*@/, '$1');
}

/** The command line as it may be stored: a --token's value masked, user info out of URLs, free text redacted. */
export function redactArgv(argv: readonly string[]): string[] {
  return argv.map((word, i) => {
    if (i > 0 && argv[i - 1] === '--token') return '<redacted>';
    if (/^--token=/.test(word)) return '--token=<redacted>';
    return redactText(word.includes('://') ? word.replace(/[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s]*/g, withoutUserinfo) : word);
  });
}
