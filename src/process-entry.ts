// The process around main(), shared by every entry (the development shim's src/cli.ts and the released binary's
// bundle): SIGINT/SIGTERM abort the run cleanly (every request in flight and any open prompt are aborted, no new one
// starts; main prints what was done); a second signal exits at once. The exit code is main's.
import { main } from './main.js';
import { InterruptedError } from './errors.js';
import { processIo } from './io.js';

export async function runProcess(): Promise<void> {
  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (controller.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143);
      controller.abort(new InterruptedError(signal));
    });
  }
  quietWhenClosed(process.stdout);
  quietWhenClosed(process.stderr);
  process.exitCode = await main(process.argv.slice(2), processIo({ signal: controller.signal }));
}

// `verify -o yaml | head -1`: the reader went away, as it may; what is left to print is dropped and the verb's own
// exit code stands (an unhandled EPIPE would crash with a stack trace). The same for a stderr nobody reads any more.
function quietWhenClosed(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED' || stream === process.stderr) return;
    throw err;
  });
}
