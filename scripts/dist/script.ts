// How the build scripts report: elapsed-time steps on stderr, and a failure as one line and exit 1, not a stack.
const started = Date.now();

export const step = (what: string): void => console.error(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${what}`);

export async function runScript(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (err) {
    const e = err as Error & { status?: number };
    // A failed child process (tsc, strip…) has already printed its own error on the inherited stderr.
    console.error(`error: ${e.status !== undefined ? e.message.split('\n')[0] : e.message}`);
    if (process.env.DEBUG) console.error(e.stack);
    process.exitCode = 1;
  }
}

export const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
