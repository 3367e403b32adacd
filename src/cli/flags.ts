// The flags every verb shares, defined once: kubectl's connection flags (cli-runtime genericclioptions names) and the
// common output/behaviour flags of the contract.
import type { Argv } from 'yargs';
import { UsageError } from '../errors.js';
import { headerValueProblem } from '../kube/header-value.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../report/render.js';
import type { ColorMode } from '../report/color.js';
import { yargsOption, type ArgsOf, type Flag } from './flag.js';

export const CONNECTION_GROUP = 'Connection flags (as kubectl):';
export const COMMON_GROUP = 'Common flags:';
/** Where Calico keeps its data, whatever the context's namespace. */
export const DEFAULT_NAMESPACE = 'kube-system';
const COLOR_MODES = ['auto', 'always', 'never'] as const satisfies readonly ColorMode[];

/** kubectl's connection flags (their names and meaning) and the contract's common flags, in help order. */
export const GLOBAL_FLAGS = [
  { name: 'kubeconfig', type: 'string', group: CONNECTION_GROUP, complete: 'file', describe: 'Path to the kubeconfig file to use (only this file; KUBECONFIG is then ignored)' },
  { name: 'context', type: 'string', group: CONNECTION_GROUP, complete: 'contexts', describe: 'The name of the kubeconfig context to use' },
  { name: 'cluster', type: 'string', group: CONNECTION_GROUP, complete: 'clusters', describe: 'The name of the kubeconfig cluster to use' },
  { name: 'user', type: 'string', group: CONNECTION_GROUP, complete: 'users', describe: 'The name of the kubeconfig user to use' },
  { name: 'server', short: 's', type: 'string', group: CONNECTION_GROUP, describe: 'The address and port of the Kubernetes API server' },
  {
    name: 'token', type: 'string', group: CONNECTION_GROUP, describe: 'Bearer token for authentication to the API server',
    coerce: (value: string | string[]) => headerValue(last(value), '--token', false),
  },
  { name: 'certificate-authority', type: 'string', group: CONNECTION_GROUP, complete: 'file', describe: 'Path to a cert file for the certificate authority' },
  { name: 'client-certificate', type: 'string', group: CONNECTION_GROUP, complete: 'file', describe: 'Path to a client certificate file for TLS' },
  { name: 'client-key', type: 'string', group: CONNECTION_GROUP, complete: 'file', describe: 'Path to a client key file for TLS' },
  { name: 'insecure-skip-tls-verify', type: 'boolean', group: CONNECTION_GROUP, describe: "If true, the server's certificate will not be checked (insecure)" },
  { name: 'tls-server-name', type: 'string', group: CONNECTION_GROUP, describe: 'Server name to use for server certificate validation' },
  {
    name: 'as', type: 'string', group: CONNECTION_GROUP, describe: 'Username to impersonate for the operation',
    coerce: (value: string | string[]) => headerValue(last(value), '--as'),
  },
  {
    name: 'as-group', type: 'strings', group: CONNECTION_GROUP, describe: 'Group to impersonate (repeatable)',
    coerce: (values: string[]) => values.map((v) => headerValue(String(v), '--as-group')),
  },
  {
    name: 'as-uid', type: 'string', group: CONNECTION_GROUP, describe: 'UID to impersonate for the operation',
    coerce: (value: string | string[]) => headerValue(last(value), '--as-uid'),
  },
  { name: 'request-timeout', type: 'string', default: '0', arg: 'DURATION', group: CONNECTION_GROUP, describe: 'Time to wait for each request (0 = no timeout; e.g. 30s, 2m)' },
  { name: 'namespace', short: 'n', type: 'string', default: DEFAULT_NAMESPACE, group: CONNECTION_GROUP, describe: "Namespace holding Calico's TPR data and DaemonSet" },
  {
    name: 'output', short: 'o', type: 'string', default: 'table', group: COMMON_GROUP, values: OUTPUT_FORMATS, describe: `Output format: ${OUTPUT_FORMATS.join('|')} (name: the objects written, as kubectl prints them)`,
    coerce: (value: string | string[]) => checkOutput(value),
  },
  {
    name: 'color', type: 'string', default: 'auto', group: COMMON_GROUP, values: COLOR_MODES, describe: 'Colour output: auto|always|never (NO_COLOR turns auto off)',
    coerce: (value: string | string[]) => oneOf(last(value), COLOR_MODES, '--color') as ColorMode,
  },
  { name: 'show-all', type: 'boolean', default: false, group: COMMON_GROUP, describe: "Print every row of a large table (by default: its counts and the rows that need attention)" },
  { name: 'verbose', short: 'v', type: 'count', group: COMMON_GROUP, describe: 'Log requests to stderr, credentials redacted (repeat for more)' },
  {
    name: 'concurrency', type: 'string', default: '32', arg: 'N', group: COMMON_GROUP, describe: 'Requests in flight at once',
    coerce: (value: string | string[]) => positiveInt(last(value), '--concurrency'),
  },
  { name: 'yes', short: 'y', type: 'boolean', default: false, group: COMMON_GROUP, describe: 'Answer yes to prompts' },
] as const satisfies readonly Flag[];

export type GlobalArgs = ArgsOf<typeof GLOBAL_FLAGS>;

/** Adds every flag of `flags` to a yargs parser. */
export function withFlags<T>(y: Argv<T>, flags: readonly Flag[]): Argv<T> {
  for (const f of flags) y.option(f.name, yargsOption(f));
  return y;
}

export const withGlobalFlags = <T>(y: Argv<T>): Argv<T & GlobalArgs> => withFlags(y, GLOBAL_FLAGS) as unknown as Argv<T & GlobalArgs>;

const last = (value: string | string[]): string => (Array.isArray(value) ? (value[value.length - 1] ?? '') : value);

function checkOutput(value: string | string[]): OutputFormat {
  const format = last(value);
  if ((OUTPUT_FORMATS as readonly string[]).includes(format)) return format as OutputFormat;
  throw new UsageError(`unable to match a printer suitable for the output format "${format}", allowed formats are: ${OUTPUT_FORMATS.join(',')}`);
}

function oneOf(value: string, allowed: readonly string[], flag: string): string {
  if (allowed.includes(value)) return value;
  throw new UsageError(`invalid value "${value}" for ${flag}: must be one of ${allowed.join(', ')}`);
}

/** A value sent as an HTTP header: the flag itself is wrong, a usage error before anything is sent. A token is never echoed. */
function headerValue(value: string, flag: string, show = true): string {
  const problem = headerValueProblem(value);
  if (!problem) return value;
  throw new UsageError(`invalid value ${show ? `${JSON.stringify(value)} ` : ''}for ${flag}: ${problem}, which an HTTP header cannot carry`);
}

function positiveInt(value: string, flag: string): number {
  if (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 1000) return Number(value);
  throw new UsageError(`invalid value "${value}" for ${flag}: must be an integer from 1 to 1000`);
}
