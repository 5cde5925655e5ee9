import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { connectorScheduleArbitrary, formatSchedule } from './connectorSchedule.ts';
import { sameEvents } from './runConnectorSchedule.ts';

describe('generated connector schedules', () => {
  it('are valid on every draw: no update or delete of a missing row, no insert of an existing one, no straddle on the last run', () => {
    fc.assert(
      fc.property(connectorScheduleArbitrary(3), (s) => {
        const rows = new Set<string>();
        for (const run of s.runs) {
          for (const txn of [...run.whileDown, ...run.whileUp]) {
            for (const [op, key] of txn) {
              expect(op === 'c').toBe(!rows.has(key));
              if (op === 'd') rows.delete(key);
              else rows.add(key);
            }
          }
        }
        expect(s.runs.at(-1)!.straddle).toBe(false);
      }),
      { seed: 1, numRuns: 500 },
    );
  });

  it('formats one run a line, with the SIGKILL between runs', () => {
    expect(formatSchedule({ runs: [{ flush: 'often', whileDown: [], whileUp: [[['c', 'k0'], ['d', 'k0']]], straddle: true }, { flush: 'never', whileDown: [], whileUp: [], straddle: false }] })).toBe(
      'run 1 (flush often): while down -; while up [c k0, d k0]; a transaction writes now and commits after the restart; SIGKILL\nrun 2 (flush never): while down -; while up -',
    );
  });

  it('compares snapshot rows as a set and streamed events in order', () => {
    expect(sameEvents(['r k1', 'r k0', 'c k2'], ['r k0', 'r k1', 'c k2'])).toBe(true);
    expect(sameEvents(['r k0', 'u k2', 'c k2'], ['r k0', 'c k2', 'u k2'])).toBe(false);
    expect(sameEvents(['c k2', 'r k0'], ['r k0', 'c k2'])).toBe(false);
    expect(sameEvents(['r k0'], ['r k0', 'r k1'])).toBe(false);
  });
});
