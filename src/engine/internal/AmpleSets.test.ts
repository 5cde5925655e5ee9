import { describe, expect, it } from 'vitest';
import { check } from '../check.ts';
import { ModelError } from '../CheckerError.ts';
import type { Independence } from '../Independence.ts';
import type { Model } from '../Model.ts';
import { always, atQuiescence } from '../Property.ts';
import { independentCounters } from '../fixtures/porModels.ts';

// Which ample set partial-order reduction takes (AmpleSets.select), seen through check(): a set
// is one actor's enabled actions, conflicting with nothing another actor may still do, the
// actor with the fewest actions first; and a declaration that breaks its contract is a
// ModelError naming what is wrong, never a verdict.

interface ReadWrite {
  x: number;
  seen: number | null;
  wrote: boolean;
}

/**
 * A reader copies `x` into `seen` once; a writer sets `x` to 1 once. What the reader sees
 * depends on their order, so neither may be reduced to. `readerFirst` orders the actions;
 * `property` is violated by one order only.
 */
function readerAndWriter(readerFirst: boolean, property: 'saw the write' | 'read before the write'): Model<ReadWrite, 'Read' | 'Write'> {
  const reader = { reads: ['x'], writes: ['seen'] };
  const writer = { reads: ['x'], writes: ['x'] };
  const independence: Independence<ReadWrite, 'Read' | 'Write'> = {
    footprint: (_, a) => (a === 'Read' ? { actor: 'reader', ...reader, visible: false } : { actor: 'writer', ...writer, visible: false }),
    reach: (s) => ({ ...(s.seen === null ? { reader } : {}), ...(s.wrote ? {} : { writer }) }),
  };
  return {
    name: 'reader-and-writer',
    initial: () => [{ x: 0, seen: null, wrote: false }],
    actions: (s) => {
      const acts: ('Read' | 'Write')[] = [...(s.seen === null ? ['Read' as const] : []), ...(s.wrote ? [] : ['Write' as const])];
      return readerFirst ? acts : acts.reverse();
    },
    next: (s, a) => (a === 'Read' ? { ...s, seen: s.x } : { ...s, x: 1, wrote: true }),
    properties: [property === 'saw the write' ? atQuiescence('saw the write', (s) => s.seen === 1) : atQuiescence('read before the write', (s) => s.seen === 0)],
    independence,
  };
}

/** Two actors, each making one choice of its own: `p` among `pChoices`, `q` among `qChoices`. Q's actions come first. */
function choosers(pChoices: string[], qChoices: string[]): Model<{ p: string | null; q: string | null }, { who: 'p' | 'q'; pick: string }> {
  return {
    name: 'choosers',
    initial: () => [{ p: null, q: null }],
    actions: (s) => [...(s.q === null ? qChoices.map((pick) => ({ who: 'q' as const, pick })) : []), ...(s.p === null ? pChoices.map((pick) => ({ who: 'p' as const, pick })) : [])],
    next: (s, a) => ({ ...s, [a.who]: a.pick }),
    properties: [atQuiescence('each chose at most once', () => true)],
    independence: {
      footprint: (_, a) => ({ actor: a.who, reads: [a.who], writes: [a.who], visible: false }),
      reach: (s) => ({ ...(s.p === null ? { p: { reads: ['p'], writes: ['p'] } } : {}), ...(s.q === null ? { q: { reads: ['q'], writes: ['q'] } } : {}) }),
    },
    formatAction: (a) => `${a.who}=${a.pick}`,
  };
}

describe('AmpleSets: which actions a reduced state keeps', () => {
  it('never reduces to an actor that reads what another may write', () => {
    // Reducing to the reader would explore only Read-then-Write, where the property holds.
    const r = check(readerAndWriter(true, 'read before the write'), { reduction: 'por' });
    expect(r.status).toBe('violated');
    expect(r.violations[0]!.trace.map((s) => s.action)).toEqual([null, 'Write', 'Read']);
  });

  it('never reduces to an actor that writes what another may read', () => {
    // Reducing to the writer would explore only Write-then-Read, where the property holds.
    const r = check(readerAndWriter(false, 'saw the write'), { reduction: 'por' });
    expect(r.status).toBe('violated');
    expect(r.violations[0]!.trace.map((s) => s.action)).toEqual([null, 'Read', 'Write']);
  });

  it('keeps every enabled action of the chosen actor, and chooses the actor with the fewest', () => {
    const full = check(choosers(['a', 'b'], ['x', 'y', 'z']), { exploreAll: true });
    const por = check(choosers(['a', 'b'], ['x', 'y', 'z']), { exploreAll: true, reduction: 'por' });
    expect(full.stats.states).toBe(1 + 2 + 3 + 6);
    // P (two choices) goes first, both of its choices kept; then Q alone, fully: 1 + 2 + 2·3.
    expect(por.stats.states).toBe(1 + 2 + 6);
    expect(por.stats.reduction).toMatchObject({ reducedStates: 1, skippedTransitions: 3 });
  });

  it('does not count a state whose actions are all one actor\'s as reduced', () => {
    const r = check(choosers(['a', 'b'], []), { exploreAll: true, reduction: 'por' });
    expect(r.stats.states).toBe(3);
    expect(r.stats.reduction).toMatchObject({ reducedStates: 0, skippedTransitions: 0 });
  });

  it('takes no actor with a visible action while an always property is open, even one that also has invisible actions', () => {
    // A can step `a` (visible) or tick (invisible); B steps `b` (visible). Reducing to A would put
    // its visible step in a reduced set, which the search refuses as a broken declaration.
    type S = { a: number; b: number; t: number };
    type Act = 'IncA' | 'TickA' | 'IncB';
    const model: Model<S, Act> = {
      name: 'mixed-visibility',
      initial: () => [{ a: 0, b: 1, t: 0 }],
      actions: (s) => [...(s.a < 2 ? ['IncA' as const] : []), ...(s.t < 1 ? ['TickA' as const] : []), ...(s.b < 2 ? ['IncB' as const] : [])],
      next: (s, x) => (x === 'IncA' ? { ...s, a: s.a + 1 } : x === 'TickA' ? { ...s, t: s.t + 1 } : { ...s, b: s.b + 1 }),
      properties: [always('never a and b both at 1', (s) => !(s.a === 1 && s.b === 1))],
      independence: {
        footprint: (_, x) =>
          x === 'IncA' ? { actor: 'A', reads: ['a'], writes: ['a'] } : x === 'TickA' ? { actor: 'A', reads: ['t'], writes: ['t'], visible: false } : { actor: 'B', reads: ['b'], writes: ['b'] },
        reach: () => ({ A: { reads: ['a', 't'], writes: ['a', 't'] }, B: { reads: ['b'], writes: ['b'] } }),
      },
    };
    const r = check(model, { reduction: 'por' });
    expect(r.status).toBe('violated');
    expect(r.violations[0]!.trace.map((s) => s.action)).toEqual([null, 'IncA']);
  });
});

/** The ModelError `check` throws for `model` under reduction. */
function errorOf<S, A>(model: Model<S, A>): ModelError {
  try {
    check(model, { reduction: 'por' });
  } catch (err) {
    expect(err).toBeInstanceOf(ModelError);
    return err as ModelError;
  }
  throw new Error('expected a ModelError');
}

const HINT = 'The reduction trusts the independence declaration; see src/engine/Independence.ts for what it must guarantee. Fix it, or check without reduction.';

describe('AmpleSets: a declaration that breaks its contract', () => {
  const base = independentCounters(2, 2);
  const withIndependence = (independence: Partial<Independence<number[], number>>) => ({ ...base, independence: { ...base.independence!, ...independence } });

  it('says which call threw, with what, and where', () => {
    const footprint = errorOf(
      withIndependence({
        footprint: () => {
          throw new RangeError('no footprint');
        },
      }),
    );
    expect([footprint.code, footprint.message, footprint.hint]).toEqual([
      'independence-threw',
      'model counters-2x2: independence.footprint(state, Inc(0)) threw RangeError: no footprint',
      'Fix independence.footprint, or check without reduction.',
    ]);
    expect(footprint.trace.map((s) => s.state)).toEqual([[0, 0]]);
    expect(footprint.cause).toBeInstanceOf(RangeError);
    const reach = errorOf(
      withIndependence({
        reach: () => {
          throw 'unreachable';
        },
      }),
    );
    expect([reach.code, reach.message, reach.hint]).toEqual(['independence-threw', 'model counters-2x2: independence.reach(state) threw unreachable', 'Fix independence.reach, or check without reduction.']);
  });

  it('refuses a property whose reads throw or give no list of names', () => {
    const withReads = (reads: () => unknown) => ({ ...base, properties: [always('c0 below 3', (c: number[]) => c[0]! < 3, { reads: reads as never })] });
    const threw = errorOf(
      withReads(() => {
        throw new TypeError('no reads');
      }),
    );
    expect([threw.code, threw.message, threw.hint]).toEqual(['property-threw', 'model counters-2x2: reads(state) of property "c0 below 3" threw TypeError: no reads', "Fix the property's reads, or check without reduction."]);
    expect(threw.cause).toBeInstanceOf(TypeError);
    for (const reads of ['c0', ['c0', 7]]) {
      const e = errorOf(withReads(() => reads));
      expect([e.code, e.message, e.hint]).toEqual(['bad-property', 'model counters-2x2: reads(state) of property "c0 below 3" must return a list of resource names', 'Return the names of the resources its truth depends on, as the footprints name them.']);
    }
  });

  it('takes an actor whose steps a property reads only when no other actor, of any number, writes what it reads', () => {
    // "never c0 = c1 = 1" reads c0 and c1: counter 2 may run ahead (its steps miss the reads),
    // counters 0 and 1 may not (each the other writes), though counter 2 writes none of them.
    const model = { ...independentCounters(3, 2), properties: [always('never c0 = c1 = 1', (c: number[]) => !(c[0] === 1 && c[1] === 1), { reads: () => ['c0', 'c1'] })] };
    const r = check(model, { reduction: 'por' });
    expect(r.status).toBe('violated');
    expect(r.violations[0]!.trace.map((s) => s.state)).toEqual([
      [0, 0, 0],
      [0, 0, 1],
      [0, 0, 2],
      [1, 0, 2],
      [1, 1, 2],
    ]);
  });

  it('refuses a footprint without its fields, and a reach that is no object of footprints', () => {
    const footprint = errorOf(withIndependence({ footprint: () => ({ actor: 'counter0', reads: 'c0', writes: ['c0'] }) as never }));
    expect([footprint.code, footprint.message, footprint.hint]).toEqual(['bad-footprint', 'model counters-2x2: independence: footprint(state, Inc(0)) must return { actor, reads, writes }', HINT]);
    for (const reach of [null, 7]) {
      const e = errorOf(withIndependence({ reach: () => reach as never }));
      expect([e.code, e.message]).toEqual(['bad-reach', 'model counters-2x2: independence: reach(state) must return an object keyed by actor']);
    }
    for (const entry of [null, { reads: 'c0', writes: ['c0'] }, { reads: ['c0'], writes: ['c0'], awaits: 'x' }]) {
      const e = errorOf(withIndependence({ reach: () => ({ counter0: entry, counter1: { reads: ['c1'], writes: ['c1'] } }) as never }));
      expect([e.code, e.message]).toEqual(['bad-reach', 'model counters-2x2: independence: reach(state).counter0 must be { reads: string[], writes: string[], awaits?: string[] }']);
    }
  });

  it('refuses an action of an actor that reach does not list', () => {
    const e = errorOf(withIndependence({ reach: () => ({ counter0: { reads: ['c0'], writes: ['c0'] } }) }));
    expect([e.code, e.message, e.hint]).toEqual(['footprint-outside-reach', 'model counters-2x2: independence: action Inc(1) is performed by counter1, which reach(state) does not list', HINT]);
  });

  it('names exactly the resources a footprint reads or writes outside its actor\'s reach', () => {
    // Reads c0 and x where reach lets it read x: only the write to x is outside (x is not in its writes).
    const reach = () => ({ counter0: { reads: ['c0', 'x'], writes: ['c0'] }, counter1: { reads: ['c1'], writes: ['c1'] } });
    const writesOutside = errorOf(withIndependence({ reach, footprint: (_, i) => (i === 0 ? { actor: 'counter0', reads: ['c0', 'x'], writes: ['c0', 'x'] } : { actor: 'counter1', reads: ['c1'], writes: ['c1'] }) }));
    expect([writesOutside.code, writesOutside.message]).toEqual(['footprint-outside-reach', 'model counters-2x2: independence: action Inc(0) of counter0 touches x, outside what reach(state) allows counter0']);
    const both = errorOf(withIndependence({ reach, footprint: (_, i) => (i === 0 ? { actor: 'counter0', reads: ['c0', 'y'], writes: ['c0', 'z'] } : { actor: 'counter1', reads: ['c1'], writes: ['c1'] }) }));
    expect(both.message).toBe('model counters-2x2: independence: action Inc(0) of counter0 touches y, z, outside what reach(state) allows counter0');
  });

  it('refuses an enabled action that reads what its actor only awaits, naming each such resource once', () => {
    const reach = () => ({ counter0: { reads: ['c0', 'x'], writes: ['c0'], awaits: ['x', 'y', 'z'] }, counter1: { reads: ['c1'], writes: ['c1'] } });
    const footprint = (reads: string[]) => (_: number[], i: number) => (i === 0 ? { actor: 'counter0', reads, writes: ['c0'] } : { actor: 'counter1', reads: ['c1'], writes: ['c1'] });
    const e = errorOf(withIndependence({ reach, footprint: footprint(['c0', 'y', 'z', 'y']) }));
    expect([e.code, e.message, e.hint]).toEqual(['enabled-action-reads-awaited', 'model counters-2x2: independence: action Inc(0) of counter0 reads y, z, which reach(state) says counter0 only awaits: an enabled action reads it now, before any other actor changed it', HINT]);
    // x is awaited but also read: reading it is allowed, and only the stray read is named.
    const stray = errorOf(withIndependence({ reach, footprint: footprint(['c0', 'x', 'w']) }));
    expect([stray.code, stray.message]).toEqual(['footprint-outside-reach', 'model counters-2x2: independence: action Inc(0) of counter0 touches w, outside what reach(state) allows counter0']);
  });

  it('takes a footprint that reads what its reach lets it write as inside the reach', () => {
    const model = withIndependence({ reach: (c) => Object.fromEntries(c.flatMap((v, i) => (v < 2 ? [[`counter${i}`, { reads: [], writes: [`c${i}`] }]] : []))) });
    const r = check(model, { reduction: 'por', exploreAll: true });
    expect(r.status).toBe('ok');
    expect(r.stats.states).toBe(2 * 2 + 1);
  });
});
