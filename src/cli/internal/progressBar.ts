import cliProgress from 'cli-progress';
import type { Progress } from '../../engine/CheckResult.ts';

/** A running progress display; `update` is cheap, `stop` clears it. */
export interface ProgressBar {
  update(progress: Progress): void;
  stop(): void;
}

/**
 * A one-line live display of a check: scenario, distinct states, depth, states/s and elapsed
 * time. The state space's size is unknown in advance, so it shows counters rather than a bar.
 * Drawn with cli-progress on `stream` (a TTY); cleared when done so results print cleanly.
 */
export function startProgressBar(label: string, stream: NodeJS.WritableStream): ProgressBar {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${label} | {states} states | depth {depth} | {rate} states/s | {elapsed}s`,
      clearOnComplete: true,
      hideCursor: true,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1, 0, { states: 0, depth: 0, rate: 0, elapsed: '0.0' });
  return {
    update(p) {
      const rate = p.ms > 0 ? Math.round((p.states * 1000) / p.ms) : 0;
      bar.update(0, { states: p.states, depth: p.depth, rate, elapsed: (p.ms / 1000).toFixed(1) });
    },
    stop() {
      bar.stop();
    },
  };
}

/**
 * Progress for a stream that is no terminal (a CI log, a pipe, a file): one plain line through
 * `write` each time another `everyMs` of the search has passed, as TLC prints its progress
 * lines. Nothing for a search shorter than `everyMs`.
 */
export function startProgressLines(label: string, write: (text: string) => void, everyMs: number): ProgressBar {
  let next = everyMs;
  return {
    update(p) {
      if (p.ms < next) return;
      // One line however many intervals a slow step skipped.
      next = (Math.floor(p.ms / everyMs) + 1) * everyMs;
      const rate = Math.round((p.states * 1000) / p.ms);
      write(`${label}: ${p.states} states, depth ${p.depth}, ${rate} states/s, ${(p.ms / 1000).toFixed(0)} s\n`);
    },
    stop() {},
  };
}
