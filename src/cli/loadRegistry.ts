import type { CliIo } from './CliIo.ts';
import type { ScenarioRegistry } from './ScenarioRegistry.ts';

/**
 * Loads the real scenario registry (`models/scenarioDefs.ts`, built by `models/scenarios.ts`).
 * A mistake in it (an unknown invariant in a scenario's `expected`, a repeated id) is printed
 * as one line on stderr and gives `undefined`, for exit code 2; anything else is a bug and
 * propagates.
 */
export async function loadRegistry(io: CliIo, load: () => Promise<ScenarioRegistry> = defaultLoad): Promise<ScenarioRegistry | undefined> {
  try {
    return await load();
  } catch (e) {
    if (e instanceof Error && e.name === 'RegistryError') {
      io.err(`cdc-check: ${e.message}\n`);
      return undefined;
    }
    throw e;
  }
}

async function defaultLoad(): Promise<ScenarioRegistry> {
  const { scenarios } = await import('../../models/scenarios.ts');
  const { scenarioSource } = await import('./scenarioModel.ts');
  return { scenarios, source: scenarioSource };
}
