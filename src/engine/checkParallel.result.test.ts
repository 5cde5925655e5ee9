import { describe, expect, it } from 'vitest';
import { check } from './check.ts';
import { modelSource } from './ModelSource.ts';
import { dieHard } from './fixtures/dieHard.ts';
import { grid } from './fixtures/grid.ts';
import { boundedCounter } from './fixtures/smallModels.ts';

// What a parallel result says beside its verdict, where the mutation run (P4) found it unpinned:
// a search stopped by a bound lists the unwitnessed sometimes in its reason (and reports none of
// them as violated), every result's mode, the collision chance, and the first violation's time.

const url = (file: string) => new URL(`./fixtures/${file}`, import.meta.url);

describe('the result of a parallel search', () => {
  it('stopped by a bound: incomplete, every property undecided, the unwitnessed sometimes named, none reported violated', () => {
    const r = check(boundedCounter(30), { workers: 2, source: modelSource(url('smallModels.ts'), 'boundedCounter', 30), maxStates: 10 });
    expect(r.status).toBe('incomplete');
    expect(r.mode).toBe('exhaustive');
    expect(r.violations).toEqual([]);
    expect(r.undecided).toEqual(['never negative', 'reaches 31']);
    expect(r.reason).toMatch(/^state bound of 10 distinct states reached.*; not yet witnessed: reaches 31$/);
  }, 60_000);

  it('complete and ok: exhaustive, with the collision chance of its states and no first-violation time', () => {
    const r = check(grid(40), { workers: 2, source: modelSource(url('grid.ts'), 'grid', 40) });
    expect(r.status).toBe('ok');
    expect(r.mode).toBe('exhaustive');
    expect(r.stats.collisionProbability).toBe((r.stats.states * r.stats.states) / 2 ** 65);
    expect('firstViolationMs' in r.stats).toBe(false);
  }, 60_000);

  it('complete and violated: exhaustive, without a reason, with the time of the first violation', () => {
    const r = check(dieHard(), { workers: 2, source: modelSource(url('dieHard.ts'), 'dieHard') });
    expect(r.status).toBe('violated');
    expect(r.mode).toBe('exhaustive');
    expect('reason' in r).toBe(false);
    // Die Hard explains nothing: its violation has no reason field, not one present as undefined.
    expect(Object.keys(r.violations[0]!).sort()).toEqual(['kind', 'property', 'replay', 'trace']);
    expect(r.stats.firstViolationMs).toBeGreaterThanOrEqual(0);
    expect(r.stats.firstViolationMs).toBeLessThanOrEqual(r.stats.ms);
  }, 60_000);
});
