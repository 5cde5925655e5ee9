import { startDeadlineWatchdog, type DeadlineWatchdog } from './internal/deadlineWatchdog.ts';
import { watchInterrupts, type InterruptSignal } from './internal/watchInterrupts.ts';

/**
 * Where the CLI writes, and what it knows about its terminal. Injected so tests run commands
 * in-process and read their output; `processIo` is the real thing.
 */
export interface CliIo {
  /** Writes to standard output (results: matrices, traces, JSON). */
  out(text: string): void;
  /** Writes to standard error (errors, hints, progress notes). */
  err(text: string): void;
  /** Colour the output: stdout is a TTY and `NO_COLOR` is unset. */
  color: boolean;
  /** Show a progress bar: stderr is a TTY (never in pipes or CI logs). */
  progress: boolean;
  /** The stream the progress bar draws on, when `progress` is true. */
  progressStream?: NodeJS.WritableStream;
  /**
   * Without a progress bar: write a plain progress line to `err` every this many milliseconds of
   * a search, so that a long run in a log still says how far it is. Absent: no lines.
   */
  progressLinesEveryMs?: number;
  /**
   * Says whether SIGINT or SIGTERM asked the CLI to stop; polled during a search, so it must be
   * cheap. Absent: the CLI is never interrupted early.
   */
  interrupted?: () => InterruptSignal | undefined;
  /**
   * The guard that ends the process when a search with a time limit runs far past it (a model
   * that never returns; see `startDeadlineWatchdog`). Absent: no guard (tests run in-process).
   */
  deadlineWatchdog?: () => DeadlineWatchdog;
}

/** How often a search writes a progress line where stderr is no terminal. */
export const PROGRESS_LINES_EVERY_MS = 30_000;

/**
 * The process's real IO. Colour follows the `NO_COLOR` convention (any non-empty value turns it
 * off) and is off whenever stdout is not a TTY, so piped output and files stay plain. Progress is
 * a bar on a terminal, else a plain line every 30 s on stderr. Interrupts are watched
 * from the first time `interrupted` is asked (see `watchInterrupts`).
 */
export function processIo(): CliIo {
  let watch: (() => InterruptSignal | undefined) | undefined;
  let watchdog: DeadlineWatchdog | undefined;
  const noColor = (process.env.NO_COLOR ?? '') !== '';
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    color: process.stdout.isTTY === true && !noColor,
    progress: process.stderr.isTTY === true,
    progressStream: process.stderr,
    ...(process.stderr.isTTY === true ? {} : { progressLinesEveryMs: PROGRESS_LINES_EVERY_MS }),
    interrupted: () => (watch ??= watchInterrupts())(),
    deadlineWatchdog: () => (watchdog ??= startDeadlineWatchdog()),
  };
}
