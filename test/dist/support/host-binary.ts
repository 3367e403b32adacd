// The standalone binary for this machine, built at most once per test run, and only when a source is newer than it.
import { ensureHostBinary } from '../../../scripts/dist/host-binary.js';
import type { Target } from '../../../scripts/dist/targets.js';

let built: { target: Target; path: string } | undefined;

export function hostBinary(): { target: Target; path: string } {
  built ??= ensureHostBinary();
  return built;
}
