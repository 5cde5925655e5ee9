import { describe, expect, it } from 'vitest';
import type { CheckResult, Model } from '../index.ts';
import { check, ModelError, replayOutcome } from '../index.ts';
import { modelSource } from './ModelSource.ts';
import { hintedPair, independentCounters, racingWriters, stableLieCounter, strayFootprint, twoLocks, visibleCounters, visiblePair } from './fixtures/porModels.ts';
import { thrown } from './fixtures/thrown.ts';

// Partial-order reduction in the parallel search: each worker chooses the ample sets of the
// states it expands, with the proviso by depth and the properties undecided when the round
// began, so two workers reduce exactly the states one does.

const source = (name: string, ...args: unknown[]) => modelSource(new URL('./fixtures/porModels.ts', import.meta.url), name, ...args);
type R = CheckResult<unknown, unknown>;

/** What must not depend on the number of workers. */
const outcome = (r: R) => ({
  status: r.status,
  violated: r.violations.map((v) => v.property),
  states: r.stats.states,
  transitions: r.stats.transitions,
  depth: r.stats.maxDepth,
  reduction: r.stats.reduction,
});

describe('the parallel search with partial-order reduction', () => {
  it.each([
    ['independentCounters', [4, 3, true]],
    ['visibleCounters', [3, 3]],
    ['racingWriters', []],
    ['twoLocks', []],
    ['toggleAndStep', []],
    ['toggleAndStep', [true]],
    ['independentCounters', [3, 2, true, true]],
    ['hintedPair', ['stable']],
    ['hintedPair', ['reads-other']],
  ] as [string, unknown[]][])('%s(%j): the states, transitions and reductions of one worker, and replayable counterexamples', async (name, args) => {
    const fixtures = (await import('./fixtures/porModels.ts')) as unknown as Record<string, (...a: unknown[]) => Model<unknown, unknown>>;
    const model = fixtures[name]!(...args);
    const one = check(model, { exploreAll: true, reduction: 'por' });
    const two = check(model, { exploreAll: true, reduction: 'por', workers: 2, source: source(name, ...args) });
    expect(two.stats.workers).toBe(2);
    expect(outcome(two)).toEqual(outcome(one));
    expect(one.stats.reduction!.reducedStates).toBeGreaterThan(0);
    for (const v of two.violations) {
      if (v.kind === 'sometimes') continue;
      expect(replayOutcome(model, v.replay).violated.map((x) => x.property)).toContain(v.property);
    }
  }, 60_000);

  it('reduces the counters as one worker does: n·k + 1 states', () => {
    const r = check(independentCounters(4, 3, true), { exploreAll: true, reduction: 'por', workers: 2, source: source('independentCounters', 4, 3, true) });
    expect(r.stats.states).toBe(4 * 3 + 1);
    expect(r.stats.reduction).toMatchObject({ applied: true, provisoExpansions: 0 });
  }, 60_000);

  it('refuses a broken declaration in a worker with the error of one worker', () => {
    const fixtures = { racingWriters, hintedPair, visiblePair, stableLieCounter, strayFootprint } as unknown as Record<string, (...a: unknown[]) => Model<unknown, unknown>>;
    for (const [name, args] of [
      ['racingWriters', [3, true]],
      ['hintedPair', ['stable-lie']],
      ['hintedPair', ['reads-lie']],
      ['visiblePair', [true]],
      ['stableLieCounter', ['always']],
      ['stableLieCounter', ['sometimes']],
      ['strayFootprint', []],
    ] as [string, unknown[]][]) {
      const model = fixtures[name]!(...args);
      const one = thrown(() => check(model, { reduction: 'por' })) as ModelError;
      const two = thrown(() => check(model, { reduction: 'por', workers: 2, source: source(name, ...args) })) as ModelError;
      expect(two, name).toBeInstanceOf(ModelError);
      expect([two.code, two.message, two.trace], name).toEqual([one.code, one.message, one.trace]);
    }
  }, 60_000);

  it('checks no stability where none is claimed, nor where no reduction relies on it', () => {
    for (const kind of ['always', 'sometimes'] as const) {
      const r = check(stableLieCounter(kind, false), { reduction: 'por', workers: 2, source: source('stableLieCounter', kind, false) });
      expect(r.status).toBe(kind === 'always' ? 'violated' : 'ok');
      const plain = check(stableLieCounter(kind), { workers: 2, source: source('stableLieCounter', kind) });
      expect(plain.status).toBe(kind === 'always' ? 'violated' : 'ok');
    }
  }, 60_000);

  it('is not used where it was not asked for', () => {
    const r = check(visibleCounters(3, 3), { exploreAll: true, workers: 2, source: source('visibleCounters', 3, 3) });
    expect(r.stats.reduction).toBeUndefined();
    expect(r.stats.states).toBe(4 ** 3);
    expect(check(twoLocks(), { exploreAll: true, reduction: 'none', workers: 2, source: source('twoLocks') }).stats.reduction).toBeUndefined();
  }, 60_000);
});
