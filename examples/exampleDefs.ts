import type { ScenarioDef } from '../models/scenarioDefs.ts';
import { confirmOnAckScenario } from './confirmOnAck.ts';
import { consumerGroupScenarios } from './consumerGroup.ts';
import { noDuplicateRecordsScenarios } from './noDuplicateRecords.ts';
import { twoConnectorsScenarios } from './twoConnectors.ts';
import { twoRelaysScenarios } from './twoRelays.ts';
import { versionDedupScenario } from './versionDedup.ts';

/**
 * The acceptance examples' registry: each example is one file in `examples/` and one line
 * here, exactly as an extension is one file and one line in `models/scenarioDefs.ts`. They are
 * kept out of the catalogue (its matrix, reports and state counts) and checked by
 * `examples.test.ts` through the same `scenariosFrom` as the catalogue.
 */
export const exampleDefs: readonly ScenarioDef[] = [
  ...noDuplicateRecordsScenarios,
  confirmOnAckScenario,
  versionDedupScenario,
  ...twoRelaysScenarios,
  ...twoConnectorsScenarios,
  ...consumerGroupScenarios,
];
