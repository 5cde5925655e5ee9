import type { Scenario, ScopeName } from '../../models/Scenario.ts';
import type { ModelSource } from '../engine/ModelSource.ts';
import { closest } from './internal/closest.ts';
import { UsageError } from './UsageError.ts';

/** The scenarios the CLI can run: `models/scenarios.ts` in production, a fixture in tests. */
export interface ScenarioRegistry {
  scenarios: readonly Scenario[];
  /**
   * Where a worker thread of the parallel search (`--workers`) can build scenario `id`'s model at
   * `scope`; absent (a registry built in memory, as in tests) means one worker.
   */
  source?: (id: string, scope: ScopeName) => ModelSource;
}

/**
 * The scenarios named by `ids`, in the order given (all of them when `ids` is empty).
 * Throws a `UsageError` naming every unknown id, with a "did you mean" when one is close.
 */
export function selectScenarios(registry: ScenarioRegistry, ids: readonly string[]): Scenario[] {
  if (ids.length === 0) return [...registry.scenarios];
  const known = registry.scenarios.map((s) => s.id);
  const unknown = ids.filter((id) => !known.includes(id));
  if (unknown.length > 0) {
    const guesses = unknown.map((id) => closest(id, known)).filter((g): g is string => g !== undefined);
    const list = unknown.map((id) => `'${id}'`).join(', ');
    throw new UsageError(
      `unknown scenario ${unknown.length === 1 ? 'id' : 'ids'} ${list}`,
      `${guesses.length > 0 ? `did you mean ${guesses.map((g) => `'${g}'`).join(', ')}? ` : ''}run \`cdc-check list\` to see the scenario ids`,
    );
  }
  return [...new Set(ids)].map((id) => registry.scenarios.find((s) => s.id === id)!);
}
