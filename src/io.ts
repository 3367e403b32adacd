// Everything the CLI touches outside itself, passed in so tests can run it in-process with fake streams.
export interface OutStream { write(text: string): unknown; isTTY?: boolean }

export interface Io {
  stdout: OutStream;
  stderr: OutStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
  /** argv[0] as the user invoked it: decides whether usage says "kubectl calico-migrate" (always, here) */
  argv0?: string;
  /** Aborted on SIGINT/SIGTERM: no new request starts, in-flight ones finish, main prints what was done. */
  signal?: AbortSignal;
}

/** This process's streams and environment; `more` replaces or adds fields (spreading the result would open stdin). */
export function processIo(more: Partial<Io> = {}): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // Node opens process.stdin on first use (a file, TTY or pipe stream, loading their modules): only a prompt or an
    // interactive credential plugin needs it, never help, version or a TAB.
    get stdin() { return process.stdin; },
    env: process.env,
    cwd: process.cwd(),
    argv0: process.argv0,
    ...more,
  };
}

/** The columns of the terminal a stream writes to (undefined: not a terminal, or it does not say). */
export function terminalColumns(stream: OutStream): number | undefined {
  const columns = (stream as { columns?: number }).columns;
  return typeof columns === 'number' && columns > 0 ? columns : undefined;
}
