import { describe, expect, it } from 'vitest';
import { check } from './check.ts';
import { modelSource } from './ModelSource.ts';
import { packedFanOutInSecondWorker } from './fixtures/parallelWorkerModels.ts';

// The worker's own code (internal/parallelWorker.ts, internal/LevelExpander.ts): what the mutation
// runs W3 to W5 found that no other test of the parallel search pinned down.

const models = (name: string, ...args: unknown[]) => modelSource(new URL('./fixtures/parallelWorkerModels.ts', import.meta.url), name, ...args);

describe('a worker that takes states over from a packed level', () => {
  it('copies each state from the giver\'s packed level: it replays no path (which here it could not)', () => {
    // Unpacked, the same hand-over is a NondeterminismError (checkParallel.gaps.test.ts): the taker
    // rebuilds each leaf from its path, and in the taker `right` has one action, not 40.
    const r = check(packedFanOutInSecondWorker(40), { workers: 2, source: models('packedFanOutInSecondWorker', 40) });
    expect(r.status).toBe('ok');
    expect([r.stats.states, r.stats.transitions, r.stats.maxDepth]).toEqual([42, 40, 1]);
  }, 60_000);
});
