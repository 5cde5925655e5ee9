import type { ScopeName } from '../../../models/Scenario.ts';
import type { CheckMode } from '../../engine/CheckResult.ts';

/** A scenario's time limit at `--scope large` when `--timeout` is not given: 20 minutes. */
export const LARGE_TIME_LIMIT_MS = 20 * 60_000;

/**
 * The state bound at `--scope large` when `--max-states` is not given: far above what the time
 * limit lets two cores reach (about 30,000 classes a second on the CDC scenarios, so some 40
 * million in 20 minutes), so that the time limit or the memory bound, not this, ends a search.
 */
export const LARGE_MAX_STATES = 100_000_000;

/** The bounds a check's scenarios get when the user gives none. */
export interface DefaultBounds {
  /** The state bound (`--max-states`); the engine's 5 million when absent. */
  maxStates?: number;
  /** Each scenario's time limit (`--timeout`); none when absent. */
  timeoutMs?: number;
}

/**
 * `check`'s bounds when `--max-states` and `--timeout` are not given. At `--scope large`, in
 * exhaustive mode, every scenario may run for 20 minutes, with no state bound below what that time
 * reaches: the engine's bound of 5 million stopped searches that the memory and the time could
 * have finished (`snapshot-mode-initial-only` completes at 6.2 million classes in 3 minutes,
 * `outbox-snapshot-heap-order` at 13.9 million in 9; see the README), and 20 minutes a scenario
 * is the project's goal for the large scope. None at the smaller scopes, whose searches end in
 * seconds, nor in random mode, whose runs and steps bound it.
 */
export function defaultBounds(context: { scope: ScopeName; mode: CheckMode }): DefaultBounds {
  if (context.scope !== 'large' || context.mode !== 'exhaustive') return {};
  return { maxStates: LARGE_MAX_STATES, timeoutMs: LARGE_TIME_LIMIT_MS };
}

/** The line `check` prints when it applies default bounds: each scenario's state bound and time limit. */
export function boundsNote(maxStates: number | undefined, timeoutMs: number | undefined): string {
  const parts = [
    ...(timeoutMs !== undefined ? [`up to ${formatDuration(timeoutMs)}`] : []),
    ...(maxStates !== undefined ? [`${maxStates.toLocaleString('en-US')} states`] : []),
  ];
  return `each scenario: ${parts.join(' and ')}`;
}

/** `ms` in whole minutes when it is some, else in seconds or milliseconds. */
function formatDuration(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}
