import { eventually } from '../src/index.ts';
import { grid } from '../src/engine/fixtures/grid.ts';
import { getScenario } from '../models/scenarios.ts';
import type { World } from '../models/world/World.ts';
import type { BenchCase } from './engineCases.ts';

/**
 * The cost of the liveness pass: the same search with and without an `eventually` property,
 * which makes the search keep the explored graph and run the SCC pass after it. The property is
 * "eventually terminal" (it holds on both), so the pass runs over the whole graph.
 */
export function livenessCases(): BenchCase[] {
  const outbox = () => getScenario('outbox-cdc')!.model();
  return [
    { name: 'grid-300, safety only', group: 'liveness pass', build: () => ({ model: grid(300), options: {} }) },
    {
      name: 'grid-300, with eventually',
      group: 'liveness pass',
      build: () => {
        const model = grid(300);
        return { model: { ...model, properties: [...model.properties, eventually('reaches the corner', ({ x, y }) => x === 300 && y === 300)] }, options: {} };
      },
    },
    { name: 'outbox-cdc, invariants only (explore all)', group: 'liveness pass', build: () => ({ model: outbox(), options: { exploreAll: true } }) },
    {
      name: 'outbox-cdc, with eventually quiescent',
      group: 'liveness pass',
      build: () => {
        const model = outbox();
        const quiescent = eventually<World>('quiescent', (w) => model.actions(w).length === 0);
        return { model: { ...model, properties: [...model.properties, quiescent] }, options: {} };
      },
    },
  ];
}
