// The StepContext a verb's logic works with (src/steps/context.ts), built from the parsed flags: a lazily opened
// Connection, progress and warnings on stderr, a prompt that refuses (rather than assumes) when there is no terminal
// and no --yes, and the next commands with the user's connection flags.
import type { Connection } from '../kube/connection.js';
import { Progress } from '../report/progress.js';
import { colorEnabled } from '../report/color.js';
import { render, renderPart, type Rendered, type RenderOptions } from '../report/render.js';
import type { Report } from '../report/report.js';
import { redactText } from '../kube/redact.js';
import { USER_AGENT } from '../version.js';
import { RefusedError } from '../errors.js';
import { parseDuration } from './duration.js';
import type { GlobalArgs } from './flags.js';
import { terminalColumns, type Io } from '../io.js';
import type { StepContext } from '../steps/context.js';
import { nextCommands } from './next-command.js';
import { changesTheCluster, targetLine } from './target-line.js';

export interface VerbContext extends StepContext {
  /** The connection, if the verb opened one (never opens it). */
  opened(): Promise<Connection | undefined>;
  /** Write requests sent so far (for the summary after an interruption). */
  writesSent(): Promise<number>;
  /** Prints the verb's result: what show() printed already is not printed again. */
  printReport(report: Report): void;
  /** Closes what the verb opened; called by main. */
  dispose(): void;
}

export function createContext(io: Io, args: GlobalArgs): VerbContext {
  let connection: Promise<Connection> | undefined;
  let target: string | undefined; // the target line, once connected
  let targetShown = false;
  const progress = new Progress(io.stderr);
  // A line of its own, not appended to the progress line a terminal is showing.
  const warn = (line: string): void => {
    progress.done();
    io.stderr.write(`${line}\n`);
  };
  const showTarget = (): void => {
    if (!target) return;
    warn(target);
    targetShown = true;
  };
  const shown = new Set<object>();
  const warnings: string[] = [];
  let printed = false;  // a part is on stdout already: the next one comes after a blank line
  const human = args.output === 'table' || args.output === 'wide';
  const renderOptions = (): RenderOptions => ({
    color: colorEnabled(args.color, Boolean(io.stdout.isTTY), io.env),
    stderrColor: colorEnabled(args.color, Boolean(io.stderr.isTTY), io.env),
    width: io.stdout.isTTY ? terminalColumns(io.stdout) : undefined,
    showAll: args['show-all'],
    shown,
    warnings,
  });
  const printRendered = ({ stdout, stderr }: Rendered): void => {
    progress.done();
    if (stdout) io.stdout.write(printed ? `\n${stdout}` : stdout);
    printed ||= Boolean(stdout);
    if (stderr) io.stderr.write(stderr);
  };
  const warning = (text: string): void => {
    warnings.push(text);
    warn(`warning: ${text}`);
  };
  const log = (verbosity: number, line: string): void => {
    if (args.verbose >= verbosity) io.stderr.write(`${redactText(line)}\n`);
  };
  return {
    io,
    warn,
    warning,
    show(part) {
      if (!human) return;
      printRendered(renderPart(part, args.output === 'wide', renderOptions()));
      for (const item of [...(part.tables ?? []), ...(part.lines ?? [])]) shown.add(item);
    },
    printReport: (report) => printRendered(render(report, args.output, renderOptions())),
    log,
    progress,
    get willAsk() { return !args.yes && Boolean(io.stdin.isTTY); },
    next: nextCommands(args),
    concurrency: args.concurrency,
    connect() {
      connection ??= import('../kube/connection.js').then(({ connect }) => connect({
        flags: {
          kubeconfig: args.kubeconfig, context: args.context, cluster: args.cluster, user: args.user, server: args.server,
          token: args.token, certificateAuthority: args['certificate-authority'], clientCertificate: args['client-certificate'],
          clientKey: args['client-key'], insecureSkipTlsVerify: args['insecure-skip-tls-verify'], tlsServerName: args['tls-server-name'],
          as: args.as, asGroup: args['as-group'], asUid: args['as-uid'],
        },
        env: io.env,
        namespace: args.namespace,
        timeoutMs: parseDuration(args['request-timeout']),
        concurrency: args.concurrency,
        userAgent: USER_AGENT,
        log,
        verbosity: args.verbose,
        warn: warning,
        signal: io.signal,
        terminal: { stdin: io.stdin, stderr: { write: (text: string) => { progress.done(); return io.stderr.write(text); } } },
        // Before the first write, the target line (unless a prompt has just shown it).
        onWrite: (request) => { if (!targetShown && changesTheCluster(request)) showTarget(); },
      }).then((conn) => {
        target = targetLine(conn);
        return conn;
      }));
      return connection;
    },
    async confirm(question: string): Promise<boolean> {
      if (args.yes) return true;
      if (!io.stdin.isTTY) {
        throw new RefusedError(`${question} needs confirmation, and there is no terminal to ask on`, 'Re-run with --yes (-y) to confirm non-interactively.');
      }
      // The prompt names the cluster it is about to change.
      showTarget();
      io.stderr.write(`${question} [y/N]: `);
      const answer = await readLine(io.stdin, io.signal);
      return /^(y|yes)$/i.test(answer.trim());
    },
    async opened() {
      return connection?.catch(() => undefined);
    },
    async writesSent() {
      return (await this.opened())?.client.stats.writes ?? 0;
    },
    dispose() {
      void connection?.then((c) => c.close(), () => undefined);
    },
  };
}

/** The first line typed; an interruption (SIGINT/SIGTERM) ends the prompt with its reason. */
function readLine(stream: NodeJS.ReadableStream, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    // A stdin already at its end (its last line answered an earlier question) answers no, rather than never.
    if ((stream as { readableEnded?: boolean }).readableEnded) return resolve('');
    let text = '';
    const onData = (chunk: Buffer | string): void => {
      text += chunk.toString();
      if (text.includes('\n')) finish();
    };
    const stop = (): void => {
      stream.off('data', onData);
      stream.off('end', finish);
      signal?.removeEventListener('abort', interrupted);
      stream.pause();
    };
    const finish = (): void => {
      stop();
      resolve(text.split('\n')[0] ?? '');
    };
    const interrupted = (): void => {
      stop();
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', interrupted, { once: true });
    stream.on('data', onData);
    stream.once('end', finish);
    stream.resume();
  });
}
