import { describe, expect, it } from 'vitest';
import { always, check, replayOutcome } from '../index.ts';
import type { CheckOptions, CheckResult, Model } from '../index.ts';
import { modelSource } from './ModelSource.ts';
import { independentCounters } from './fixtures/porModels.ts';
import { sharedIncrements } from './fixtures/symmetricPorModels.ts';

// Partial-order reduction together with symmetry reduction: the ample sets are chosen in the
// states the search keeps, and the proviso compares the depths of symmetry classes
// (docs/partial-order-reduction.md, "With symmetry").

type R = CheckResult<unknown, unknown>;
const combos = { none: {}, symmetry: { symmetry: true }, por: { reduction: 'por' }, both: { reduction: 'por', symmetry: true } } satisfies Record<string, CheckOptions>;

/** The search of `model` under each combination of the two reductions, every state explored. */
function underEach<S, A>(model: Model<S, A>): Record<keyof typeof combos, CheckResult<S, A>> {
  const run = (o: CheckOptions) => check(model, { exploreAll: true, ...o });
  return { none: run(combos.none), symmetry: run(combos.symmetry), por: run(combos.por), both: run(combos.both) };
}

const verdicts = (r: R) => ({ status: r.status, violated: r.violations.map((v) => v.property).sort(), undecided: r.undecided });

describe('partial-order reduction with symmetry', () => {
  it.each([
    [3, 2, false],
    [4, 3, false],
    [3, 2, true],
    [4, 3, true],
  ] as const)('sharedIncrements(%i, %i, atomic %s): the verdicts of the full search, in fewer states than either reduction alone', (n, local, atomic) => {
    const model = sharedIncrements(n, local, atomic);
    const r = underEach(model);
    for (const k of ['symmetry', 'por', 'both'] as const) expect(verdicts(r[k] as R), k).toEqual(verdicts(r.none as R));
    expect(r.none.status).toBe(atomic ? 'ok' : 'violated');
    expect(r.both.stats.states).toBeLessThan(r.symmetry.stats.states);
    expect(r.both.stats.states).toBeLessThan(r.por.stats.states);
    expect(r.both.stats.reduction).toMatchObject({ applied: true, provisoExpansions: 0 });
    expect(r.both.stats.reduction!.reducedStates).toBeGreaterThan(0);
  });

  it('finds the lost update: a replayable trace in which two processes read x before either writes', () => {
    const model = sharedIncrements(4, 3);
    const r = check(model, { reduction: 'por', symmetry: true });
    expect(r.status).toBe('violated');
    const [v] = r.violations;
    expect(v!.property).toBe('x counts the processes done');
    const out = replayOutcome(model, v!.replay);
    expect(out.violated.map((x) => x.property)).toContain(v!.property);
    expect(out.trace.map((s) => s.state)).toEqual(v!.trace.map((s) => s.state));
    // The last state: a process is done, and x is less than the processes done.
    const last = v!.trace.at(-1)!.state as { x: number; procs: { pc: number }[] };
    expect(last.x).toBeLessThan(last.procs.filter((p) => p.pc === 3 + 2).length);
  });

  it('keeps the counters\' one order, n·k + 1 states, when the counters are interchangeable', () => {
    const model = { ...independentCounters(4, 3), representative: (c: number[]) => [...c].sort((a, b) => a - b) };
    expect(check(model, { exploreAll: true, reduction: 'por', symmetry: true }).stats.states).toBe(4 * 3 + 1);
    // Symmetry alone: one state per multiset of four counts from 0 to 3, C(4 + 3, 3) = 35.
    expect(check(model, { exploreAll: true, symmetry: true }).stats.states).toBe(35);
  });

  it('still takes the visible step when interchangeable togglers close cycles only up to symmetry', () => {
    // Two togglers flip their own bits for ever, invisibly; a third actor's one step breaks
    // "never set". Sorting the bits makes (1, 0) and (0, 1) one class, so a toggle can lead back
    // to a class already seen: the proviso must still expand a state of every such cycle fully.
    type T = { bits: [number, number]; set: boolean };
    const model: Model<T, number> = {
      name: 'symmetric-togglers',
      initial: () => [{ bits: [0, 0], set: false }],
      actions: (s) => (s.set ? [0, 1] : [0, 1, 2]),
      next: (s, a) => (a === 2 ? { ...s, set: true } : { ...s, bits: s.bits.map((b, i) => (i === a ? 1 - b : b)) as [number, number] }),
      representative: (s) => ({ ...s, bits: [...s.bits].sort() as [number, number] }),
      properties: [always('never set', (s) => !s.set)],
      independence: {
        footprint: (_, a) => (a === 2 ? { actor: 'setter', reads: ['set'], writes: ['set'] } : { actor: `toggler${a}`, reads: [`bit${a}`], writes: [`bit${a}`], visible: false }),
        reach: (s) => ({ toggler0: { reads: ['bit0'], writes: ['bit0'] }, toggler1: { reads: ['bit1'], writes: ['bit1'] }, ...(s.set ? {} : { setter: { reads: ['set'], writes: ['set'] } }) }),
      },
    };
    const r = check(model, { reduction: 'por', symmetry: true });
    expect(r.status).toBe('violated');
    expect(r.violations[0]!.property).toBe('never set');
  });

  it('reduces on two workers as on one: the same states, transitions, depth and reductions', () => {
    const source = modelSource(new URL('./fixtures/symmetricPorModels.ts', import.meta.url), 'sharedIncrements', 4, 3);
    const outcome = (r: R) => ({ status: r.status, violated: r.violations.map((v) => v.property), states: r.stats.states, transitions: r.stats.transitions, depth: r.stats.maxDepth, reduction: r.stats.reduction });
    const model = sharedIncrements(4, 3);
    const one = check(model, { exploreAll: true, reduction: 'por', symmetry: true });
    const two = check(model, { exploreAll: true, reduction: 'por', symmetry: true, workers: 2, source });
    expect(two.stats.workers).toBe(2);
    expect(outcome(two as R)).toEqual(outcome(one as R));
  }, 60_000);
});
