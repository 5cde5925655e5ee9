import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startProgressBar, startProgressLines } from './progressBar.ts';

/** A fake terminal: cli-progress only draws on a stream that says it is a TTY. */
function fakeTty(): Writable & { text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  }) as Writable & { text: () => string; isTTY: boolean; columns: number; cursorTo: () => boolean; clearLine: () => boolean; moveCursor: () => boolean };
  stream.isTTY = true;
  stream.columns = 120;
  stream.cursorTo = () => true;
  stream.clearLine = () => true;
  stream.moveCursor = () => true;
  stream.text = () => text;
  return stream;
}

describe('startProgressBar', () => {
  it('shows the scenario, states, depth, states/s and elapsed time, then clears itself', () => {
    const tty = fakeTty();
    const bar = startProgressBar('outbox-cdc', tty);
    bar.update({ states: 50_000, transitions: 90_000, depth: 12, ms: 500 });
    bar.stop();
    expect(tty.text()).toContain('outbox-cdc | 50000 states | depth 12 | 100000 states/s | 0.5s');
  });
});

describe('startProgressLines', () => {
  it('writes one plain line each time another interval of the search has passed, and none before', () => {
    const lines: string[] = [];
    const progress = startProgressLines('outbox-cdc', (t) => lines.push(t), 30_000);
    progress.update({ states: 1_000, transitions: 2_000, depth: 3, ms: 29_999 });
    expect(lines).toEqual([]);
    progress.update({ states: 600_000, transitions: 900_000, depth: 12, ms: 30_000 });
    progress.update({ states: 610_000, transitions: 910_000, depth: 12, ms: 31_000 });
    // A slow step past two intervals gives one line.
    progress.update({ states: 2_000_000, transitions: 3_000_000, depth: 15, ms: 100_000 });
    progress.update({ states: 2_100_000, transitions: 3_100_000, depth: 15, ms: 119_999 });
    progress.update({ states: 2_200_000, transitions: 3_200_000, depth: 16, ms: 120_000 });
    progress.stop();
    expect(lines).toEqual([
      'outbox-cdc: 600000 states, depth 12, 20000 states/s, 30 s\n',
      'outbox-cdc: 2000000 states, depth 15, 20000 states/s, 100 s\n',
      'outbox-cdc: 2200000 states, depth 16, 18333 states/s, 120 s\n',
    ]);
  });
});
