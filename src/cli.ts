// Process entry point (bin shim, bundle and standalone binary): run main() and set the exit code.
// SIGINT/SIGTERM abort the run cleanly (no new request starts; main prints what was done); a second signal exits at once.
import { main } from './main.js';
import { InterruptedError } from './cli/errors.js';
import { processIo } from './cli/io.js';

const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (controller.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143);
    controller.abort(new InterruptedError(signal));
  });
}

const code = await main(process.argv.slice(2), { ...processIo(), signal: controller.signal });
process.exitCode = code;
