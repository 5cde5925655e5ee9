import { describe, expect, it } from 'vitest';
import { defaultWorkers } from './defaultWorkers.ts';

describe('defaultWorkers', () => {
  const large = { scope: 'large', mode: 'exhaustive', sharded: false, exactKeys: false } as const;

  it('is the core count at --scope large, exhaustive', () => {
    expect(defaultWorkers({ ...large, cores: 2 })).toBe(2);
    expect(defaultWorkers({ ...large, cores: 8 })).toBe(8);
  });

  it('is one thread at the smaller scopes', () => {
    expect(defaultWorkers({ ...large, scope: 'small', cores: 8 })).toBe(1);
    expect(defaultWorkers({ ...large, scope: 'medium', cores: 8 })).toBe(1);
  });

  it('is one thread where the search cannot take more: random mode, a shard, exact keys', () => {
    expect(defaultWorkers({ ...large, mode: 'random', cores: 8 })).toBe(1);
    expect(defaultWorkers({ ...large, sharded: true, cores: 8 })).toBe(1);
    expect(defaultWorkers({ ...large, exactKeys: true, cores: 8 })).toBe(1);
  });

  it('takes the machine\'s core count when none is given, at least one', () => {
    expect(defaultWorkers(large)).toBeGreaterThanOrEqual(1);
    expect(defaultWorkers({ ...large, cores: 0 })).toBe(1);
  });
});
