import type { Model } from '../engine/Model.ts';
import { modelSource, type ModelSource } from '../engine/ModelSource.ts';
import type { ScopeName } from '../../models/Scenario.ts';

/**
 * The model of the registry's scenario `id` at `scope`: what a worker thread of the parallel
 * search imports (`scenarioSource`), since it cannot be handed the model itself.
 */
export async function scenarioModel(id: string, scope: ScopeName): Promise<Model<unknown, unknown>> {
  const { getScenario } = await import('../../models/scenarios.ts');
  const scenario = getScenario(id);
  if (!scenario) throw new Error(`no scenario ${JSON.stringify(id)} in the registry`);
  return scenario.model(scope) as Model<unknown, unknown>;
}

/** Where a worker finds the registry's scenario `id` at `scope`. */
export function scenarioSource(id: string, scope: ScopeName): ModelSource {
  return modelSource(new URL(import.meta.url), 'scenarioModel', id, scope);
}
