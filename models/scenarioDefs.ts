import { builtinInvariants } from './catalogue/builtinInvariants.ts';
import { connectScenarios } from './catalogue/connectScenarios.ts';
import { dualWriteScenarios } from './catalogue/dualWriteScenarios.ts';
import { outboxScenarios } from './catalogue/outboxScenarios.ts';
// Imported here too, so that a new line below can use them without an import of its own.
import { debezium, strategyScenario, type ScenarioDef } from './catalogue/ScenarioDef.ts';
import { snapshotScenarios } from './catalogue/snapshotScenarios.ts';
import { invariant, type Invariant } from './Invariant.ts';

export type { ScenarioDef } from './catalogue/ScenarioDef.ts';
export { debezium, strategyScenario } from './catalogue/ScenarioDef.ts';
export { invariant } from './Invariant.ts';

/**
 * The registry, part one: every invariant a scenario may claim a verdict for, by id. The
 * built-in ones are registered exactly as a user's are; a new one is one line here
 * (`invariant(myProperty)`), or a scenario's own `invariants`.
 */
export const invariants: readonly Invariant[] = [
  ...builtinInvariants,
  // New invariants go here.
];

const order = ['dual-write', 'publish-then-commit', 'dual-write-retry', 'dual-write-concurrent', 'outbox-cdc', 'outbox-cdc-no-dedup', 'outbox-cdc-exactly-once-source', 'outbox-cdc-inflight-reorder', 'outbox-cdc-idempotent-producer', 'consumer-commit-before', 'table-cdc', 'outbox-cdc-schema-change', 'snapshot-handover', 'snapshot-handover-legacy', 'snapshot-crash', 'snapshot-mode-no-data', 'snapshot-mode-initial-only', 'slot-lost', 'slot-lost-fails-loudly', 'slot-lost-when-needed', 'slot-lost-when-needed-crash', 'table-cdc-snapshot-compaction', 'outbox-snapshot-heap-order', 'outbox-snapshot-ordered-select', 'polling-publisher', 'listen-to-yourself', 'dbz-7816-no-data-delete', 'dbz-7816-no-data-delete-fixed', 'dbz-7816-inflight', 'dbz-7816-inflight-fixed', 'dbz-7816-partition-acks', 'dbz-7816-partition-acks-fixed', 'errors-tolerance-all'];

/**
 * The registry, part two: the scenario catalogue. SCENARIOS.md's scene 1, scene 8 and Debezium
 * pipeline rows, plus the model's own findings and knob combinations, in catalogue order; then
 * the scenarios added one line each. `models/scenarios.ts` builds the checkable scenarios from
 * this list.
 */
export const scenarioDefs: readonly ScenarioDef[] = [
  ...[...dualWriteScenarios, ...outboxScenarios, ...snapshotScenarios, ...connectScenarios].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id)),
  // New scenarios go here, one line each, for example:
  // strategyScenario(myStrategy, { 'no-lost-events': 'holds', 'no-phantom-events': 'holds' }, { budget: { serviceCrash: 1 } }),
];
