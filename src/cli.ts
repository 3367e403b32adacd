// Process entry point of the development shim (bin/kubectl-calico_migrate); the released binary's bundle starts the
// same runProcess (scripts/bundle.mjs).
import { runProcess } from './process-entry.js';

await runProcess();
