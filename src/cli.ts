// Process entry point (bin shim, bundle and standalone binary): run main() and set the exit code.
import { main } from './main.js';
import { processIo } from './cli/io.js';

const code = await main(process.argv.slice(2), processIo());
process.exitCode = code;
