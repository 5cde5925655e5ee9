import { describe, expect, it } from 'vitest';
import { check, InvalidOptionError, ModelError, replayOutcome } from '../index.ts';
import { modelSource } from './ModelSource.ts';
import { crashyCounter, parityCounter, sameDepthCover, type Counter, type CounterFlaw } from './fixtures/budgetModels.ts';
import { independentCounters } from './fixtures/porModels.ts';
import { thrown } from './fixtures/thrown.ts';
import { eventually } from './Property.ts';

// Subsumption by budgets: a new state is skipped when one met at its depth or above covers it
// (alike, with more of a budget left). The fixture's counts are worked out in its comment.

const source = (...args: unknown[]) => modelSource(new URL('./fixtures/budgetModels.ts', import.meta.url), 'crashyCounter', ...args);

describe('subsumption by budgets', () => {
  it('keeps the counts with every crash left and with one spent: 2·(n + 1) states, against (n + 1)·(k + 1)', () => {
    for (const [n, k] of [[3, 2], [4, 3], [2, 5]] as const) {
      const full = check(crashyCounter(n, k), { exploreAll: true });
      const sub = check(crashyCounter(n, k), { exploreAll: true, subsumption: true });
      expect(full.stats.states).toBe((n + 1) * (k + 1));
      expect(sub.stats.states).toBe(2 * (n + 1));
      expect([full.status, sub.status]).toEqual(['ok', 'ok']);
      expect(sub.stats.subsumption).toMatchObject({ applied: true });
      expect(sub.stats.subsumption!.subsumed).toBeGreaterThan(0);
      expect(full.stats.subsumption).toBeUndefined();
    }
  });

  it('skips nothing with one crash: a state after it is dirty, unlike every state before it', () => {
    const r = check(crashyCounter(3, 1), { exploreAll: true, subsumption: true });
    expect(r.stats.states).toBe(8);
    expect(r.stats.subsumption!.subsumed).toBe(0);
  });

  it('does not skip a state that only a state with more of two budgets covers', () => {
    const r = check(parityCounter(3), { exploreAll: true, subsumption: true });
    expect(r.stats.states).toBe(4 * 4);
    expect(r.stats.subsumption!.subsumed).toBe(0);
  });

  it('does not count a cover met at the same depth: all five states kept', () => {
    const r = check(sameDepthCover(), { exploreAll: true, subsumption: true });
    expect(r.stats.states).toBe(5);
    expect(r.stats.subsumption!.subsumed).toBe(0);
    expect(r.status).toBe('ok');
  });

  it('still finds the bug two crashes make, with a trace as short as the full search finds, that replays', () => {
    const model = crashyCounter(3, 3, { bug: true });
    const full = check(model, { exploreAll: true });
    const sub = check(model, { exploreAll: true, subsumption: true });
    expect(full.stats.states).toBe(4 * 4 + 2);
    expect(sub.stats.states).toBe(2 * 4 + 1);
    for (const r of [full, sub]) expect(r.violations.map((v) => v.property).sort()).toEqual(['bounded', 'finished']);
    for (const name of ['bounded', 'finished']) {
      const mine = sub.violations.find((v) => v.property === name)!;
      expect(mine.trace.length).toBe(full.violations.find((v) => v.property === name)!.trace.length);
      expect(replayOutcome(model, mine.replay).violated.map((v) => v.property)).toContain(name);
    }
  });

  it('waits until every sometimes property is decided, since one may read the budget', () => {
    const r = check(crashyCounter(3, 3, { reach: true }), { exploreAll: true, subsumption: true });
    // Depth 0 is expanded before "crashed" is witnessed: (0, 2) is kept; nothing is skipped at depth 0.
    expect(r.stats.states).toBe(2 * 4);
    expect(r.violations).toEqual([]);
    const stopped = check(crashyCounter(3, 3, { reach: true }), { subsumption: true, maxDepth: 1 });
    expect(stopped.stats.subsumption!.subsumed).toBe(0);
  });

  it('gives the same counts with exact keys, and on two workers', () => {
    const one = check(crashyCounter(4, 3, { bug: true }), { exploreAll: true, subsumption: true });
    const exact = check(crashyCounter(4, 3, { bug: true }), { exploreAll: true, subsumption: true, exactKeys: true });
    const two = check(crashyCounter(4, 3, { bug: true }), { exploreAll: true, subsumption: true, workers: 2, source: source(4, 3, { bug: true }) });
    const counts = (r: typeof one) => ({ states: r.stats.states, transitions: r.stats.transitions, depth: r.stats.maxDepth, subsumed: r.stats.subsumption!.subsumed, violated: r.violations.map((v) => v.property).sort() });
    expect(counts(exact)).toEqual(counts(one));
    expect(counts(two)).toEqual(counts(one));
    expect(two.stats.workers).toBe(2);
  }, 60_000);

  it('skips every state after a crash of a counter that forgets it: n + 1 states', () => {
    const r = check(crashyCounter(4, 3, { memory: false }), { exploreAll: true, subsumption: true });
    expect(r.stats.states).toBe(4 + 1);
    expect(check(crashyCounter(4, 3, { memory: false }), { exploreAll: true }).stats.states).toBe(5 * 4);
  });

  it.each([
    ['idle', 'budget-holds-run-up', /a state \{"count":3,"crashes":1,"dirty":false\} \(the end of the trace\) is terminal with \[0\] left, but not as it is: it enables "Crash"/],
    ['reads', 'budget-read-by-property', /property "finished" is true on \{"count":1,"crashes":3,"dirty":false\} \(the end of the trace\) and false on it with \[0\] left/],
    ['reads-always', 'budget-read-by-property', /property "calm" is true on \{"count":1,"crashes":3,"dirty":false\} \(the end of the trace\) and false on it with \[1\] left/],
    ['reads-throws', 'budget-read-by-property', /property "calm" is true on \{"count":1,"crashes":3,"dirty":false\} \(the end of the trace\) and throws on it with \[1\] left/],
    ['disables', 'budget-disables', /"Panic" is enabled in \{"count":1,"crashes":1,"dirty":false\} \(the end of the trace\) with \[0\] left, but not as it is/],
    ['leaky', 'bad-budgets', /withLeft\(state, \[\d\]\) changed more than the budgets/],
    ['steers', 'budget-changes-step', /"Inc" from \{"count":1,"crashes":1,"dirty":false\} \(the end of the trace\) with \[0\] left leads to \{"count":3,"crashes":0,"dirty":false\}, but as it is to \{"count":2,/],
    ['spends', 'budget-changes-step', /"Inc" from \{"count":0,"crashes":2,"dirty":false\} \(the end of the trace\) leads to \{"count":1,"crashes":2,"dirty":false\}, but with \[3\] left to \{"count":1,"crashes":0,/],
    ['bad-most', 'bad-budgets', /budgets\.most is \[1\.5\], not a list of whole numbers from 0/],
    ['bad-left', 'bad-budgets', /budgets\.left\(state\) gave \[4\], not 1 whole numbers from 0 to \[3\]/],
  ] as [CounterFlaw, string, RegExp][])('refuses budgets that are %s: a ModelError %s, never a verdict', (flaw, code, message) => {
    const k = flaw === 'disables' || flaw === 'idle' || flaw === 'steers' || flaw === 'bad-most' ? 1 : 3;
    for (const exactKeys of [false, true]) {
      const err = thrown(() => check(crashyCounter(3, k, { flaw, memory: false }), { exploreAll: true, subsumption: true, exactKeys }));
      expect(err).toBeInstanceOf(ModelError);
      expect((err as ModelError).code).toBe(code);
      expect((err as ModelError).message).toMatch(message);
      expect((err as ModelError).hint).toMatch(/check without subsumption/);
      // The trace leads to the state the message shows "at the end of the trace".
      const last = (err as ModelError).trace.at(-1)?.state;
      if (/\(the end of the trace\)/.test((err as ModelError).message)) expect((err as ModelError).message).toContain(`${JSON.stringify(last)} (the end of the trace)`);
    }
  });

  it('is refused without budgets, with a shard, in random mode, or as a non-boolean; off, with a note, for liveness', () => {
    const refused = (f: () => unknown, message: RegExp) => {
      const err = thrown(f);
      expect(err).toBeInstanceOf(InvalidOptionError);
      expect((err as Error).message).toMatch(message);
    };
    refused(() => check(independentCounters(2, 1), { subsumption: true }), /declares no budgets/);
    refused(() => check(crashyCounter(2, 2), { subsumption: true, shard: { index: 0, count: 2 } }), /cannot be combined with shard/);
    refused(() => check(crashyCounter(2, 2), { subsumption: true, mode: 'random' }), /cannot be combined with random mode/);
    refused(() => check(crashyCounter(2, 2), { subsumption: 'yes' as never }), /must be true or false, got "yes"/);
    const live = crashyCounter(3, 3);
    const r = check({ ...live, properties: [...live.properties, eventually<Counter>('done', (s) => s.count === 3)] }, { subsumption: true, exploreAll: true });
    expect(r.stats.subsumption).toMatchObject({ applied: false, subsumed: 0 });
    expect(r.stats.subsumption!.note).toMatch(/eventually properties \(done\)/);
    expect(r.stats.states).toBe(16);
  });
});
