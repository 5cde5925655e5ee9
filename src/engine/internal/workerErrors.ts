import { CheckerError, InvalidOptionError, ModelError, NondeterminismError, ReplayError } from '../CheckerError.ts';
import type { TraceStep } from '../CheckResult.ts';

/** An error as a worker thread sends it: what is needed to raise the same typed error in the main thread. */
export interface SentError {
  name: string;
  message: string;
  code?: string;
  hint?: string;
  trace?: readonly TraceStep<unknown, unknown>[];
  cause?: string;
  stack?: string;
}

/** What `error` says, as plain data a `MessagePort` can carry (a trace that cannot be cloned is dropped). */
export function sendableError(error: unknown): SentError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const sent: SentError = { name: error.name, message: error.message };
  if (error.stack !== undefined) sent.stack = error.stack;
  if (error instanceof CheckerError) {
    sent.code = error.code;
    sent.hint = error.hint;
  }
  if (error instanceof ModelError) {
    try {
      sent.trace = structuredClone(error.trace);
    } catch {
      sent.trace = [];
    }
    if (error.cause !== undefined) sent.cause = error.cause instanceof Error ? `${error.cause.name}: ${error.cause.message}` : String(error.cause);
  }
  return sent;
}

/** The error a worker sent, raised again as the same class (`ModelError`, `NondeterminismError`, …) in this thread. */
export function receivedError(sent: SentError): Error {
  const code = sent.code ?? 'error';
  const hint = sent.hint ?? '';
  let error: Error;
  switch (sent.name) {
    case 'NondeterminismError':
      error = new NondeterminismError(code, sent.message, hint, sent.trace ?? [], sent.cause);
      break;
    case 'ModelError':
      error = new ModelError(code, sent.message, hint, sent.trace ?? [], sent.cause);
      break;
    case 'InvalidOptionError':
      error = new InvalidOptionError(sent.message, hint);
      break;
    case 'ReplayError':
      error = new ReplayError(sent.message, hint);
      break;
    default:
      error = sent.code !== undefined ? new CheckerError(code, sent.message, hint) : new Error(sent.message);
      if (sent.code === undefined) error.name = sent.name;
  }
  if (sent.stack !== undefined) error.stack = sent.stack;
  return error;
}
