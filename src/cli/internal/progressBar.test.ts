import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startProgressBar } from './progressBar.ts';

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
