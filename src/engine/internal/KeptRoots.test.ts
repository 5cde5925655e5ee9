import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { KeptRoot, KeptRoots } from './KeptRoots.ts';

/** What `take` gave back: the ids and values, trimmed to their counts; null if it took nothing. */
function taken(kept: KeptRoots, state: unknown, into = new KeptRoot()): { ids: number[]; values: unknown[] } | null {
  if (!kept.take(state, into)) return null;
  return { ids: into.ids.slice(into.idsFrom, into.idsTo), values: into.values.slice(into.valuesFrom, into.valuesTo) };
}

describe('KeptRoots', () => {
  it("gives back each state's ids and values, an object's names interleaved with its values", () => {
    const kept = new KeptRoots();
    const a = { x: 1 };
    const b = [7, 8];
    kept.keep(a, [1, 5, 9, 99], 3, ['x', 'y', 'unused'], [10, 20, 30], 2);
    kept.keep(b, [0, 4, 8], 3, null, [7, 8, 'unused'], 2);
    expect(kept.size).toBe(2);
    // One root for both takes, as StructuralKeys has: the second points it elsewhere.
    const into = new KeptRoot();
    expect(taken(kept, a, into)).toEqual({ ids: [1, 5, 9], values: ['x', 10, 'y', 20] });
    expect(taken(kept, b, into)).toEqual({ ids: [0, 4, 8], values: [7, 8] });
    expect(kept.size).toBe(0);
    expect(taken(kept, a)).toBeNull();
  });

  it('takes a state out of order by dropping those kept before it, and drops nothing for a state not waiting', () => {
    const kept = new KeptRoots();
    const states = [{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }];
    states.forEach((s, i) => kept.keep(s, [i], 1, null, [s], 1));
    expect(taken(kept, { n: 2 })).toBeNull(); // equal, but not the same object
    expect(kept.size).toBe(4);
    expect(taken(kept, states[2])).toEqual({ ids: [2], values: [states[2]] });
    expect(kept.size).toBe(1);
    expect(taken(kept, states[0])).toBeNull(); // dropped
    expect(taken(kept, states[1])).toBeNull();
    expect(taken(kept, states[3])).toEqual({ ids: [3], values: [states[3]] });
  });

  it('takes a state kept in a later chunk than the first waiting one, dropping the rest of the first', () => {
    const kept = new KeptRoots();
    const states = Array.from({ length: 300 }, (_, i) => ({ i }));
    states.forEach((s, i) => kept.keep(s, [i], 1, null, [], 0));
    expect(taken(kept, states[10])).toEqual({ ids: [10], values: [] });
    expect(taken(kept, states[260])).toEqual({ ids: [260], values: [] }); // past the first 256
    expect(kept.size).toBe(39);
    expect(kept.held).toBeLessThanOrEqual(44);
    expect(taken(kept, states[200])).toBeNull();
    expect(taken(kept, states[261])).toEqual({ ids: [261], values: [] });
    expect(kept.size).toBe(38);
  });

  it('holds exactly the entries of the chunks not let go: one chunk fills before the next starts, and goes once all taken or passed', () => {
    const kept = new KeptRoots();
    const s = Array.from({ length: 856 }, (_, i) => ({ i }));
    const keep = (from: number, to: number) => s.slice(from, to).forEach((x) => kept.keep(x, [x.i], 1, null, [], 0));
    keep(0, 3);
    for (const x of s.slice(0, 3)) expect(kept.take(x, new KeptRoot())).toBe(true);
    // Taken, but their chunk has room for more: held until it is full and all taken.
    expect([kept.size, kept.held]).toEqual([0, 3]);
    keep(3, 256);
    for (const x of s.slice(3, 256)) kept.take(x, new KeptRoot());
    expect([kept.size, kept.held]).toEqual([0, 0]);
    // Three chunks (256, 256, 88); a take in the third passes the other two, one of them whole.
    keep(256, 856);
    expect([kept.size, kept.held]).toEqual([600, 600]);
    expect(kept.take(s[256], new KeptRoot())).toBe(true);
    expect(kept.take(s[855], new KeptRoot())).toBe(true);
    expect([kept.size, kept.held]).toEqual([0, 88]);
  });

  it('keeps every entry whole across chunks, and lets go of what was taken (taking three for every four kept)', () => {
    const kept = new KeptRoots();
    const states: object[] = [];
    let next = 0;
    for (let i = 0; i < 20_000; i++) {
      const s = { i };
      states.push(s);
      // Entries of varying lengths, so that a wrong offset shows.
      const ids = Array.from({ length: 1 + (i % 5) }, (_, j) => i * 10 + j);
      const values = Array.from({ length: i % 4 }, (_, j) => `${i}.${j}`);
      kept.keep(s, ids, ids.length, null, values, values.length);
      if (i % 4 !== 0) {
        const k = next++;
        expect(taken(kept, states[k])).toEqual({
          ids: Array.from({ length: 1 + (k % 5) }, (_, j) => k * 10 + j),
          values: Array.from({ length: k % 4 }, (_, j) => `${k}.${j}`),
        });
      }
    }
    expect(kept.size).toBe(5_000);
    // What was taken is let go as it goes, a chunk at a time, not held until the queue empties.
    expect(kept.held).toBeLessThanOrEqual(kept.size + 256);
  });

  test.prop([fc.array(fc.oneof(fc.nat({ max: 30 }).map((n) => ({ keep: n })), fc.nat({ max: 40 }).map((n) => ({ take: n }))), { maxLength: 1200 })])(
    'takes a state with what it was kept with, exactly when it waits (kept, not taken, and not kept before one taken since), and reads it so while more are kept',
    (ops) => {
      const kept = new KeptRoots();
      const states = Array.from({ length: 41 }, (_, i) => ({ i }));
      // The model: the queue of waiting states with their contents (a state kept twice waits twice).
      let queue: { state: object; ids: number[]; values: unknown[] }[] = [];
      let version = 0;
      // The root taken last, and what it must still read while more are kept (until the next take).
      const into = new KeptRoot();
      let current: { ids: number[]; values: unknown[] } | null = null;
      const read = () => ({ ids: into.ids.slice(into.idsFrom, into.idsTo), values: into.values.slice(into.valuesFrom, into.valuesTo) });
      for (const op of ops) {
        if ('keep' in op) {
          const ids = Array.from({ length: 1 + (version % 7) }, (_, j) => version + j);
          const names = Array.from({ length: version % 3 }, (_, j) => `f${j}`);
          const values = names.map((_, j) => version * 100 + j);
          version++;
          kept.keep(states[op.keep]!, ids, ids.length, names, values, values.length);
          queue.push({ state: states[op.keep]!, ids, values: names.flatMap((n, j) => [n, values[j]]) });
        } else {
          const at = queue.findIndex((e) => e.state === states[op.take]);
          const got = kept.take(states[op.take], into);
          expect(got).toBe(at !== -1);
          if (got) {
            current = { ids: queue[at]!.ids, values: queue[at]!.values };
            queue = queue.slice(at + 1);
          }
        }
        expect(kept.size).toBe(queue.length);
        if (current) expect(read()).toEqual(current);
      }
    },
  );
});
