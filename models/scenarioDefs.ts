import { dualWriteScenarios } from './catalogue/dualWriteScenarios.ts';
import { outboxScenarios } from './catalogue/outboxScenarios.ts';
import type { ScenarioDef } from './catalogue/ScenarioDef.ts';
import { snapshotScenarios } from './catalogue/snapshotScenarios.ts';

export type { ScenarioDef } from './catalogue/ScenarioDef.ts';
export { strategyScenario } from './catalogue/ScenarioDef.ts';

const order = ['dual-write', 'publish-then-commit', 'dual-write-retry', 'dual-write-concurrent', 'outbox-cdc', 'outbox-cdc-no-dedup', 'outbox-cdc-inflight-reorder', 'outbox-cdc-idempotent-producer', 'consumer-commit-before', 'table-cdc', 'outbox-cdc-schema-change', 'snapshot-handover', 'snapshot-handover-legacy', 'snapshot-crash', 'snapshot-mode-no-data', 'slot-lost', 'slot-lost-when-needed', 'table-cdc-snapshot-compaction', 'polling-publisher', 'listen-to-yourself'];

/**
 * The scenario catalogue: SCENARIOS.md's scene 1, scene 8 and Debezium pipeline rows, plus the
 * model's own findings and knob combinations, in catalogue order.
 */
export const scenarioDefs: readonly ScenarioDef[] = [
  ...[...dualWriteScenarios, ...outboxScenarios, ...snapshotScenarios].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id)),
  // A new strategy is one file in models/strategies/ and one line here, for example:
  // strategyScenario(myStrategy, { 'no-lost-events': 'holds', 'no-phantom-events': 'holds' }, { budget: { serviceCrash: 1 } }),
];
