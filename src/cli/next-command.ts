// The commands the tool tells the user to run next ("Next: …") carry the connection flags the user gave, so they reach
// the same cluster as the same user; every word is quoted for a POSIX shell, so they can be pasted as printed.
import { withoutUserinfo } from '../kube/redact.js';
import type { NextCommands } from '../steps/context.js';
import { DEFAULT_NAMESPACE, type GlobalArgs } from './flags.js';

/** A bearer token is a secret: the command names the flag and leaves the value to the user (and fails closed), as it
 * leaves out a password in the --server URL. */
const TOKEN_PLACEHOLDER = 'TOKEN';

export function nextCommands(args: GlobalArgs): NextCommands {
  const connection = connectionFlags(args);
  const namespace = args.namespace !== DEFAULT_NAMESPACE ? ['-n', args.namespace] : [];
  const render = (words: string[]): string => words.map(shellQuote).join(' ');
  return {
    plugin: (...words) => ['kubectl calico-migrate', render([...connection, ...namespace, ...words])].filter(Boolean).join(' '),
    kubectl: (...words) => ['kubectl', render([...connection, ...words])].filter(Boolean).join(' '),
    inNamespace: (other) => nextCommands({ ...args, namespace: other }),
  };
}

/** kubectl's connection flags as the user gave them (the flags both kubectl and the plugin take). */
function connectionFlags(args: GlobalArgs): string[] {
  const flags: string[] = [];
  const value = (flag: string, v: string | undefined): void => { if (v !== undefined && v !== '') flags.push(flag, v); };
  value('--kubeconfig', args.kubeconfig);
  value('--context', args.context);
  value('--cluster', args.cluster);
  value('--user', args.user);
  value('--server', args.server === undefined ? undefined : withoutUserinfo(args.server));
  value('--token', args.token ? TOKEN_PLACEHOLDER : undefined);
  value('--certificate-authority', args['certificate-authority']);
  value('--client-certificate', args['client-certificate']);
  value('--client-key', args['client-key']);
  if (args['insecure-skip-tls-verify']) flags.push('--insecure-skip-tls-verify');
  value('--tls-server-name', args['tls-server-name']);
  value('--as', args.as);
  for (const group of args['as-group'] ?? []) value('--as-group', group);
  value('--as-uid', args['as-uid']);
  return flags;
}

/** A word as a POSIX shell reads it back unchanged: bare when it holds only safe characters, else single-quoted. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
