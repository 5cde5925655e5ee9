import { describe, expect, it } from 'vitest';
import { always, check, InvalidOptionError, ModelError, replayOutcome, sometimes } from '../index.ts';
import type { CheckResult, Model } from '../index.ts';
import { countersWithLiveness, hintedPair, independentCounters, producerConsumer, racingWriters, toggleAndStep, twoLocks, visibleCounters, visiblePair } from './fixtures/porModels.ts';
import { thrown } from './fixtures/thrown.ts';

/** Every counterexample of `r` replays on `model` to a path that violates its property. */
function expectReplays<S, A>(model: Model<S, A>, r: CheckResult<S, A>): void {
  for (const v of r.violations) {
    if (v.kind === 'sometimes') continue;
    const out = replayOutcome(model, v.replay);
    expect(out.violated.map((x) => x.property)).toContain(v.property);
    expect(out.trace.map((s) => s.state)).toEqual(v.trace.map((s) => s.state));
  }
}

describe('partial-order reduction', () => {
  it('explores one order of n independent counters: n·k + 1 states instead of (k+1)^n', () => {
    const model = independentCounters(4, 3);
    const full = check(model, { exploreAll: true });
    const por = check(model, { exploreAll: true, reduction: 'por' });
    expect(full.status).toBe('ok');
    expect(por.status).toBe('ok');
    expect(full.stats.states).toBe(4 ** 4);
    expect(por.stats.states).toBe(4 * 3 + 1);
    expect(por.stats.reduction).toMatchObject({ applied: true, reducedStates: (4 - 1) * 3, provisoExpansions: 0  });
    expect(full.stats.reduction).toBeUndefined();
  });

  it('keeps an invariant the steps cannot change, and still reduces', () => {
    const model = independentCounters(3, 2, true);
    const por = check(model, { exploreAll: true, reduction: 'por' });
    expect(por.status).toBe('ok');
    expect(por.stats.states).toBe(3 * 2 + 1);
  });

  it('finds a violation that only one order of two dependent writes reaches, with a replayable trace', () => {
    const model = racingWriters();
    const full = check(model);
    const por = check(model, { reduction: 'por' });
    expect(full.status).toBe('violated');
    expect(por.status).toBe('violated');
    expect(por.violations.map((v) => v.property)).toEqual(['x does not end at 4']);
    expect(por.violations[0]!.trace.at(-1)!.state.x).toBe(4);
    expectReplays(model, por);
    expect(por.stats.reduction!.reducedStates).toBeGreaterThan(0);
  });

  it('refuses a declaration that calls two non-commuting writes independent', () => {
    expect(() => check(racingWriters(3, true), { reduction: 'por' })).toThrow(/independent, but the two orders reach different states/);
    try {
      check(racingWriters(3, true), { reduction: 'por' });
    } catch (err) {
      expect(err).toBeInstanceOf(ModelError);
      expect((err as ModelError).code).toBe('dependent-actions-declared-independent');
    }
  });

  it('keeps the deadlock that one interleaving of two lock orders reaches', () => {
    const model = twoLocks();
    const full = check(model, { exploreAll: true });
    const por = check(model, { exploreAll: true, reduction: 'por' });
    expect(full.violations.map((v) => v.property)).toEqual(['both finished']);
    expect(por.violations.map((v) => v.property)).toEqual(['both finished']);
    const last = por.violations[0]!.trace.at(-1)!.state;
    expect(last.holder).toEqual({ a: 1, b: 2 });
    expectReplays(model, por);
    expect(por.stats.states).toBeLessThan(full.stats.states);
  });

  it('never reduces by a visible action: the one bad interleaving of two counters is found', () => {
    const por = check(visiblePair(), { reduction: 'por' });
    expect(por.status).toBe('violated');
    expect(por.violations[0]!.trace.at(-1)!.state).toEqual({ a: 1, b: 1 });
    expect(por.stats.reduction!.reducedStates).toBe(0);
  });

  it('owes visibility only to undecided properties: once the sometimes is witnessed, visible steps reduce', () => {
    const model = visibleCounters(3, 3);
    const full = check(model, { exploreAll: true });
    const por = check(model, { exploreAll: true, reduction: 'por' });
    expect(full.status).toBe('ok');
    expect(por.status).toBe('ok');
    expect(full.stats.states).toBe(4 ** 3);
    // The initial state is expanded fully (the sometimes is open); its 3 successors witness it,
    // and from there the counters' orders are reduced (up to the cycle proviso's full expansions).
    expect(por.stats.states).toBeLessThan(full.stats.states);
    expect(por.stats.reduction!.reducedStates).toBeGreaterThan(0);
  });

  it('catches an action declared invisible that changes an invariant', () => {
    expect(() => check(visiblePair(true), { reduction: 'por' })).toThrow(/declared invisible, but it changed property "a stays below 2" from true to false/);
  });

  it('owes a stable property no visibility: visible steps reduce, and the violation is still found', () => {
    const model = hintedPair('stable');
    const full = check(model, { exploreAll: true });
    const por = check(model, { exploreAll: true, reduction: 'por' });
    expect(full.stats.states).toBe(9);
    expect(por.violations.map((v) => v.property)).toEqual(['never both moved']);
    // A runs ahead while the property is open: (0,0), (1,0), (2,0), then B alone. Not the shortest
    // counterexample, but a real one.
    expect(por.stats.states).toBe(5);
    expect(por.violations[0]!.trace.map((s) => s.state)).toEqual([
      { a: 0, b: 0 },
      { a: 1, b: 0 },
      { a: 2, b: 0 },
      { a: 2, b: 1 },
    ]);
    expectReplays(model, por);
  });

  it('catches a property claimed stable that holds again after a skipped state broke it', () => {
    const err = thrown(() => check(hintedPair('stable-lie'), { reduction: 'por' }));
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).code).toBe('unstable-property');
    expect((err as ModelError).message).toMatch(/"never both at 1" is declared stable, but it is false here and true after "A"/);
    expect((err as ModelError).hint).toBe('A stable property, once violated (always) or witnessed (sometimes), must stay so in every later state; drop stable from it, or check without reduction.');
    // The skipped step to (1,1), then the step that holds it again.
    expect((err as ModelError).trace!.map((s) => s.state).slice(-2)).toEqual([
      { a: 1, b: 1 },
      { a: 2, b: 1 },
    ]);
    const sometimesLie = thrown(() => check(hintedPair('sometimes-lie'), { reduction: 'por' }));
    expect((sometimesLie as ModelError).message).toMatch(/"both at 1" is declared stable, but it is true here and false after "A"/);
  });

  it('catches a property claimed stable where the search itself decides it', () => {
    const counter = independentCounters(1, 2);
    for (const [property, text] of [
      [always('not at 1', (c: number[]) => c[0] !== 1, { stable: true }), '"not at 1" is declared stable, but it is false here and true after Inc(0)'],
      [sometimes('at 1', (c: number[]) => c[0] === 1, { stable: true }), '"at 1" is declared stable, but it is true here and false after Inc(0)'],
    ] as const) {
      const err = thrown(() => check({ ...counter, properties: [property] }, { reduction: 'por' })) as ModelError;
      expect([err.code, err.message]).toEqual(['unstable-property', `model counters-1x2: property ${text}`]);
      expect(err.trace!.map((s) => s.state)).toEqual([[0], [1], [2]]);
    }
    // Without the reduction, nothing relies on the claim, and nothing checks it.
    expect(check({ ...counter, properties: [always('not at 1', (c: number[]) => c[0] !== 1, { stable: true })] }).status).toBe('violated');
  });

  it('lets the only actor that can change a property run ahead, by the property\'s reads', () => {
    const flags = check(visiblePair(), { reduction: 'por' });
    const model = hintedPair('reads');
    const por = check(model, { reduction: 'por' });
    expect(flags.stats.reduction!.reducedStates).toBe(0);
    expect(por.violations.map((v) => v.property)).toEqual(['a is never 1']);
    expect(por.stats.reduction!.reducedStates).toBeGreaterThan(0);
    expect(por.stats.states).toBeLessThan(9);
    expectReplays(model, por);
  });

  it('lets an actor whose steps a property does not read run ahead, though another actor changes it', () => {
    const model = hintedPair('reads-other');
    const por = check(model, { reduction: 'por' });
    expect(por.violations[0]!.trace.map((s) => s.action)).toEqual([null, 'A', 'A', 'B']);
    expectReplays(model, por);
  });

  it('reduces by no actor whose steps a property reads while another actor can change it too', () => {
    const por = check(hintedPair('reads-both'), { reduction: 'por' });
    expect(por.violations[0]!.trace.at(-1)!.state).toEqual({ a: 1, b: 1 });
    expect(por.stats.reduction!.reducedStates).toBe(0);
  });

  it('catches a property whose reads leave out what another actor writes', () => {
    const err = thrown(() => check(hintedPair('reads-lie'), { reduction: 'por' }));
    expect((err as ModelError).code).toBe('incomplete-property-reads');
    expect((err as ModelError).message).toMatch(/"B" writes nothing property "never both at 1" reads, but it changed the property from true to false/);
    expect((err as ModelError).hint).toBe("A property's reads must name every resource its truth depends on, as the footprints name them; add the missing one, or check without reduction.");
    expect((err as ModelError).trace!.map((s) => s.state).slice(-2)).toEqual([
      { a: 1, b: 0 },
      { a: 1, b: 1 },
    ]);
  });

  it('expands fully where a reduced set would only close a cycle (the ignoring problem)', () => {
    const model = toggleAndStep();
    const por = check(model, { reduction: 'por' });
    expect(por.status).toBe('violated');
    expect(por.violations.map((v) => v.property)).toEqual(['never set']);
    expect(por.stats.reduction!.provisoExpansions).toBeGreaterThan(0);
    expectReplays(model, por);
  });

  it('takes a reduced step to a state this depth already found: a diamond closes there, not a cycle', () => {
    // From (1,0) and (0,1), counter 0 runs ahead: (2,0), then (1,1). At the next depth (2,0) finds
    // (2,1) first, and (1,1)'s reduced step finds it again: one depth down, so no cycle.
    const model: Model<number[], number> = { ...independentCounters(2, 2, true), initial: () => [[1, 0], [0, 1]] };
    const por = check(model, { exploreAll: true, reduction: 'por' });
    expect(por.status).toBe('ok');
    expect(por.stats.reduction).toMatchObject({ provisoExpansions: 0, reducedStates: 3 });
    expect(por.stats.states).toBe(6);
  });

  it('switches itself off for eventually properties and says so', () => {
    const por = check(countersWithLiveness(3, 2), { reduction: 'por' });
    const full = check(countersWithLiveness(3, 2));
    expect(por.status).toBe(full.status);
    expect(por.stats.states).toBe(full.stats.states);
    expect(por.stats.reduction).toMatchObject({ applied: false, reducedStates: 0 });
    expect(por.stats.reduction!.note).toMatch(/eventually/);
  });

  it('is off by default and deterministic when on', () => {
    const model = racingWriters(4);
    expect(check(model).stats.reduction).toBeUndefined();
    const a = check(model, { reduction: 'por', exploreAll: true });
    const b = check(model, { reduction: 'por', exploreAll: true });
    expect(a.stats.states).toBe(b.stats.states);
    expect(a.violations.map((v) => v.replay)).toEqual(b.violations.map((v) => v.replay));
  });

  it('refuses a model without independence, and an unknown value', () => {
    const { independence: _, ...bare } = independentCounters(2, 1);
    expect(() => check(bare, { reduction: 'por' })).toThrow(InvalidOptionError);
    expect(() => check(independentCounters(2, 1), { reduction: 'fast' as never })).toThrow(/must be "none" or "por"/);
    expect(check(bare, { reduction: 'none' }).status).toBe('ok');
  });

  it('takes CDC_CHECK_REDUCTION=por as the default only where the check can take it', () => {
    process.env.CDC_CHECK_REDUCTION = 'por';
    try {
      expect(check(independentCounters(3, 2), { exploreAll: true }).stats.states).toBe(7);
      expect(check(independentCounters(3, 2), { exploreAll: true, reduction: 'none' }).stats.reduction).toBeUndefined();
      const sym = { ...independentCounters(3, 2), representative: (c: number[]) => [...c].sort() };
      expect(check(sym, { exploreAll: true, symmetry: true }).stats.reduction).toMatchObject({ applied: true });
      expect(check(sym, { exploreAll: true, shard: { index: 0, count: 2 } }).stats.reduction).toBeUndefined();
      const { independence: _, ...bare } = independentCounters(3, 2);
      expect(check(bare, { exploreAll: true }).stats.states).toBe(27);
    } finally {
      delete process.env.CDC_CHECK_REDUCTION;
    }
    expect(check(independentCounters(3, 2), { exploreAll: true }).stats.states).toBe(27);
  });

  it('refuses a malformed footprint or reach as a model error', () => {
    const base = independentCounters(2, 2);
    const noActor = { ...base, independence: { ...base.independence!, footprint: () => ({ reads: [], writes: [] }) as never } };
    expect(() => check(noActor, { reduction: 'por' })).toThrow(/footprint\(state, Inc\(0\)\) must return \{ actor, reads, writes \}/);
    const model = { ...base, independence: { ...base.independence!, reach: () => ({ counter0: { reads: ['c0'] } }) as never } };
    expect(() => check(model, { reduction: 'por' })).toThrow(ModelError);
    expect(() => check(model, { reduction: 'por' })).toThrow(/reach\(state\)\.counter0 must be \{ reads: string\[\], writes: string\[\], awaits\?: string\[\] \}/);
  });

  it('refuses a footprint outside the actor\'s reach', () => {
    const base = independentCounters(2, 2);
    const model = { ...base, independence: { ...base.independence!, footprint: (_: number[], i: number) => ({ actor: `counter${i}`, reads: ['elsewhere'], writes: [`c${i}`] }) } };
    expect(() => check(model, { reduction: 'por' })).toThrow(/touches elsewhere, outside what reach\(state\) allows counter0/);
  });

  it('lets a producer run ahead of a consumer that only awaits its tail, and still witnesses what needs the consumer to keep up', () => {
    const full = check(producerConsumer(4, 2), { exploreAll: true });
    const waits = check(producerConsumer(4, 2), { reduction: 'por', exploreAll: true });
    const reads = check(producerConsumer(4, 2, false), { reduction: 'por', exploreAll: true });
    expect(full.stats.states).toBe(43);
    for (const r of [waits, reads]) {
      expect(r.status).toBe(full.status);
      expect(r.violations.map((v) => v.property)).toEqual(full.violations.map((v) => v.property));
      expect(r.stats.reduction?.applied).toBe(true);
    }
    // Counted as read, the tail keeps the producer from ever running ahead while the consumer may
    // still poll; awaited, it does not.
    expect(reads.stats.states).toBe(43);
    expect(waits.stats.states).toBe(36);
    // 'ok' means the sometimes that needs the consumer to keep up was witnessed, in every search.
    expect(full.status).toBe('ok');
  });

  it('refuses a consumer whose enabled action reads what it claims only to await', () => {
    const err = thrown(() => check(producerConsumer(3, 2, true, true), { reduction: 'por' }));
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).code).toBe('enabled-action-reads-awaited');
    expect((err as Error).message).toMatch(/Poll of consumer reads log:tail, which reach\(state\) says consumer only awaits/);
  });
});
