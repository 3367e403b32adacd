// The outcomes every layer may end with besides a request error (kube/errors.ts). main.ts maps each class to an exit
// code of the contract.

/** Bad invocation: unknown verb or flag, bad value, a required flag missing (exit 4). */
export class UsageError extends Error {
  override name = 'UsageError';
  /** The verb whose help explains it, when the error is about one verb's flags. */
  constructor(message: string, readonly verb?: string) { super(message); }
}

/** A prerequisite or safety check failed, or a prompt was declined; nothing was written (exit 2). */
export class RefusedError extends Error {
  override name = 'RefusedError';
  constructor(message: string, readonly hint?: string) { super(message); }
}

/** Reading or writing local files failed (exit 3). */
export class FileError extends Error {
  override name = 'FileError';
  constructor(message: string, readonly hint?: string) { super(message); }
}

/** The user interrupted (SIGINT/SIGTERM): no new request was started after it (exit 130/143). */
export class InterruptedError extends Error {
  override name = 'InterruptedError';
  constructor(readonly signal: string) { super(`interrupted by ${signal}`); }
}
