// Credentials and impersonation travel as HTTP headers (Authorization, Impersonate-User, Impersonate-Group), and a
// header value cannot hold a line break, a control character or a character beyond Latin-1 (Node refuses to send it,
// as a server would refuse to read it). Checked where a value enters, so the error names where it came from.

const NOT_IN_A_HEADER = /[^\t\x20-\x7e\x80-\xff]/;

/** Why `value` cannot be sent as a header value, or undefined. */
export function headerValueProblem(value: string): string | undefined {
  const bad = NOT_IN_A_HEADER.exec(value)?.[0];
  if (bad === undefined) return undefined;
  return bad === '\n' || bad === '\r' ? 'it contains a line break' : `it contains the character U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
