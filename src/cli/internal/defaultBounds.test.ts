import { describe, expect, it } from 'vitest';
import { boundsNote, defaultBounds, LARGE_MAX_STATES, LARGE_TIME_LIMIT_MS } from './defaultBounds.ts';

describe('defaultBounds', () => {
  it('gives each scenario 20 minutes and 100 million states at --scope large, exhaustive', () => {
    expect(defaultBounds({ scope: 'large', mode: 'exhaustive' })).toEqual({ maxStates: 100_000_000, timeoutMs: 1_200_000 });
    expect([LARGE_MAX_STATES, LARGE_TIME_LIMIT_MS]).toEqual([100_000_000, 1_200_000]);
  });

  it('gives none at the smaller scopes, nor in random mode', () => {
    expect(defaultBounds({ scope: 'small', mode: 'exhaustive' })).toEqual({});
    expect(defaultBounds({ scope: 'medium', mode: 'exhaustive' })).toEqual({});
    expect(defaultBounds({ scope: 'large', mode: 'random' })).toEqual({});
  });
});

describe('boundsNote', () => {
  it('says the time limit, in minutes when whole, and the state bound', () => {
    expect(boundsNote(100_000_000, 1_200_000)).toBe('each scenario: up to 20 minutes and 100,000,000 states');
    expect(boundsNote(undefined, 60_000)).toBe('each scenario: up to 1 minute');
    expect(boundsNote(7, 90_000)).toBe('each scenario: up to 90 s and 7 states');
    expect(boundsNote(7, 1500)).toBe('each scenario: up to 1500 ms and 7 states');
    expect(boundsNote(5_000_000, undefined)).toBe('each scenario: 5,000,000 states');
  });
});
