// The flags every verb shares, defined once: kubectl's connection flags (cli-runtime genericclioptions names) and the
// common output/behaviour flags of the contract.
import type { Argv } from 'yargs';
import { UsageError } from '../errors.js';
import { headerValueProblem } from '../kube/header-value.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../report/render.js';
import type { ColorMode } from '../report/color.js';

export const CONNECTION_GROUP = 'Connection flags (as kubectl):';
export const COMMON_GROUP = 'Common flags:';
/** Where Calico keeps its data, whatever the context's namespace. */
export const DEFAULT_NAMESPACE = 'kube-system';

export interface GlobalArgs {
  kubeconfig?: string; context?: string; cluster?: string; user?: string; server?: string; token?: string;
  'certificate-authority'?: string; 'client-certificate'?: string; 'client-key'?: string;
  'insecure-skip-tls-verify'?: boolean; 'tls-server-name'?: string; as?: string; 'as-group'?: string[]; 'as-uid'?: string;
  'request-timeout': string; namespace: string;
  output: OutputFormat; color: ColorMode; verbose: number; concurrency: number; yes: boolean;
}

export function withGlobalFlags<T>(y: Argv<T>): Argv<T & GlobalArgs> {
  return y
    .option('kubeconfig', { type: 'string', group: CONNECTION_GROUP, describe: 'Path to the kubeconfig file to use (only this file; KUBECONFIG is then ignored)' })
    .option('context', { type: 'string', group: CONNECTION_GROUP, describe: 'The name of the kubeconfig context to use' })
    .option('cluster', { type: 'string', group: CONNECTION_GROUP, describe: 'The name of the kubeconfig cluster to use' })
    .option('user', { type: 'string', group: CONNECTION_GROUP, describe: 'The name of the kubeconfig user to use' })
    .option('server', { alias: 's', type: 'string', group: CONNECTION_GROUP, describe: 'The address and port of the Kubernetes API server' })
    .option('token', {
      type: 'string', group: CONNECTION_GROUP, describe: 'Bearer token for authentication to the API server',
      coerce: (value: string | string[]) => headerValue(last(value), '--token', false),
    })
    .option('certificate-authority', { type: 'string', group: CONNECTION_GROUP, describe: 'Path to a cert file for the certificate authority' })
    .option('client-certificate', { type: 'string', group: CONNECTION_GROUP, describe: 'Path to a client certificate file for TLS' })
    .option('client-key', { type: 'string', group: CONNECTION_GROUP, describe: 'Path to a client key file for TLS' })
    .option('insecure-skip-tls-verify', { type: 'boolean', group: CONNECTION_GROUP, describe: "If true, the server's certificate will not be checked (insecure)" })
    .option('tls-server-name', { type: 'string', group: CONNECTION_GROUP, describe: 'Server name to use for server certificate validation' })
    .option('as', {
      type: 'string', group: CONNECTION_GROUP, describe: 'Username to impersonate for the operation',
      coerce: (value: string | string[]) => headerValue(last(value), '--as'),
    })
    // One value per flag, as kubectl's: without nargs the array would also swallow the verb after it (--as-group ops check).
    .option('as-group', {
      type: 'string', array: true, nargs: 1, group: CONNECTION_GROUP, describe: 'Group to impersonate (repeatable)',
      coerce: (values: string[]) => values.map((v) => headerValue(String(v), '--as-group')),
    })
    .option('as-uid', {
      type: 'string', group: CONNECTION_GROUP, describe: 'UID to impersonate for the operation',
      coerce: (value: string | string[]) => headerValue(last(value), '--as-uid'),
    })
    .option('request-timeout', { type: 'string', default: '0', group: CONNECTION_GROUP, describe: 'Time to wait for each request (0 = no timeout; e.g. 30s, 2m)' })
    .option('namespace', { alias: 'n', type: 'string', default: DEFAULT_NAMESPACE, group: CONNECTION_GROUP, describe: "Namespace holding Calico's TPR data and DaemonSet" })
    .option('output', {
      alias: 'o', type: 'string', default: 'table', group: COMMON_GROUP, describe: `Output format: ${OUTPUT_FORMATS.join('|')}`,
      coerce: (value: string | string[]) => checkOutput(value),
    })
    .option('color', {
      type: 'string', default: 'auto', group: COMMON_GROUP, describe: 'Colour output: auto|always|never (NO_COLOR turns auto off)',
      coerce: (value: string | string[]) => oneOf(last(value), ['auto', 'always', 'never'], '--color') as ColorMode,
    })
    .option('verbose', { alias: 'v', type: 'count', group: COMMON_GROUP, describe: 'Log requests to stderr, credentials redacted (repeat for more)' })
    .option('concurrency', {
      type: 'string', default: '16', group: COMMON_GROUP, describe: 'Requests in flight at once',
      coerce: (value: string | string[]) => positiveInt(last(value), '--concurrency'),
    })
    .option('yes', { alias: 'y', type: 'boolean', default: false, group: COMMON_GROUP, describe: 'Answer yes to prompts' }) as unknown as Argv<T & GlobalArgs>;
}

const last = (value: string | string[]): string => (Array.isArray(value) ? (value[value.length - 1] ?? '') : value);

function checkOutput(value: string | string[]): OutputFormat {
  const format = last(value);
  if ((OUTPUT_FORMATS as readonly string[]).includes(format)) return format as OutputFormat;
  throw new UsageError(`unable to match a printer suitable for the output format "${format}", allowed formats are: ${OUTPUT_FORMATS.join(',')}`);
}

function oneOf(value: string, allowed: string[], flag: string): string {
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
