// The process around main(), shared by every entry (the development shim's src/cli.ts and the released binary's
// bundle): SIGINT/SIGTERM abort the run cleanly (no new request starts; main prints what was done); a second signal
// exits at once. The exit code is main's.
import { main } from './main.js';
import { InterruptedError } from './cli/errors.js';
import { processIo } from './cli/io.js';

export async function runProcess(): Promise<void> {
  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (controller.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143);
      controller.abort(new InterruptedError(signal));
    });
  }
  process.exitCode = await main(process.argv.slice(2), { ...processIo(), signal: controller.signal });
}
