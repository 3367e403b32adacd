// A test that cannot run here (no tmpfs without root, a tool missing) says so and is counted as skipped, not passed:
// scripts/test.mjs reads this marker from the output and moves the test from "passed" to "skipped".
export const SKIP_MARKER = '[test skipped]';

/** Call, then return from the test: `if (!dir) return skip('cannot mount tmpfs here');`. */
export function skip(reason: string): void {
  process.stdout.write(`\n${SKIP_MARKER} ${reason}\n`);
}
