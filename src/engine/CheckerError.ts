import type { TraceStep } from './CheckResult.ts';

/**
 * Base class of every error the checker raises on purpose. Each says what went wrong and how to
 * fix it; `code` is stable for programs, `hint` is for people.
 */
export class CheckerError extends Error {
  constructor(
    /** Stable machine-readable code, e.g. `'invalid-option'`. */
    readonly code: string,
    message: string,
    /** What to do about it. */
    readonly hint: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** An option passed to `check` is malformed or out of range. */
export class InvalidOptionError extends CheckerError {
  constructor(message: string, hint: string) {
    super('invalid-option', message, hint);
  }
}

/**
 * The model itself misbehaved: `initial`, `actions`, `next`, `key` or a property threw, returned
 * something unusable, or produced an unserialisable state. `trace` is the path to the state where
 * it happened (the failing action excluded), rebuilt from the explored graph.
 */
export class ModelError extends CheckerError {
  constructor(
    code: string,
    message: string,
    hint: string,
    /** The path from an initial state to the state where the failure happened. */
    readonly trace: readonly TraceStep<unknown, unknown>[] = [],
    /** The underlying exception, when the model threw. */
    override readonly cause?: unknown,
  ) {
    super(code, message, hint);
  }
}

/** The model is not deterministic: the same state gave different actions, or `next` differed. */
export class NondeterminismError extends ModelError {}

/** A replay string does not fit this model: another model, another version, or a changed model. */
export class ReplayError extends CheckerError {
  constructor(
    message: string,
    hint: string,
    /** The step (number of actions applied so far) at which the replay stopped fitting, if any. */
    readonly step?: number,
  ) {
    super('replay-mismatch', message, hint);
  }
}
