/** Exit codes of `cdc-check`. */
export const ExitCode = {
  /** Every verdict is what the scenarios expect (or the command did what was asked). */
  ok: 0,
  /** A verdict differs from the expected one, or a replayed trace no longer reproduces. */
  mismatch: 1,
  /** Bad usage: an unknown scenario id, option, command or file. */
  usage: 2,
} as const;

/**
 * A mistake in how the CLI was called: printed as one line naming the culprit, plus a hint, and
 * exit code 2. Never shown as a stack trace.
 */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    /** What to do instead, e.g. "run `cdc-check list` to see the scenario ids". */
    readonly hint: string,
  ) {
    super(message);
  }
}
