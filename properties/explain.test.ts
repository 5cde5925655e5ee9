import { describe, expect, it } from 'vitest';
import { getScenario } from '../models/scenarios.ts';
import { exhaustive } from './internal/checkScenario.ts';

/** The reason the engine copied from the property's `explain` into the violation. */
function reason(scenario: string, property: string): string | undefined {
  return exhaustive(scenario).violations.find((v) => v.property === property)?.reason;
}

describe('every CDC invariant says why it fails, on its real counterexample', () => {
  it('no-lost-events names the lost event, its commit LSN and what Kafka holds instead', () => {
    expect(reason('dual-write', 'no-lost-events')).toBe('acct-1#1 committed at LSN 4; no record in Kafka has eventId acct-1#1 (Kafka holds no record)');
    expect(reason('snapshot-handover-legacy', 'no-lost-events')).toBe(
      'acct-1#1 committed at LSN 4 and acct-2#1 committed at LSN 6; no record in Kafka has eventId acct-1#1 or acct-2#1 (Kafka holds seed row acct-1@1 and seed row acct-2@1)',
    );
  });

  it('at-least-once names the change the consumer never applied, and what it applied', () => {
    expect(reason('consumer-commit-before', 'at-least-once')).toBe('acct-1#2 committed at LSN 8; the consumer never applied it (applied: acct-1#1)');
  });

  it('no-phantom-events names the record, where it sits, and that its change never committed', () => {
    expect(reason('publish-then-commit', 'no-phantom-events')).toBe('Kafka holds eventId acct-1#1 at account-events[0]@0, but acct-1#1 never committed (committed: none)');
  });

  it('exactly-once-effect names the change applied twice', () => {
    expect(reason('dual-write-retry', 'exactly-once-effect')).toBe('the consumer applied acct-1#1 twice (applied: acct-1#1 and acct-1#1)');
  });

  it('per-aggregate-order names the two changes and their commit LSNs', () => {
    expect(reason('dual-write-concurrent', 'per-aggregate-order')).toBe(
      'the consumer applied acct-1#2 (committed at LSN 6) before acct-1#1 (committed at LSN 4), both of aggregate acct-1; the database committed them in the other order',
    );
  });

  it('consumer-contract names the record read and the fields it had against the contract', () => {
    expect(reason('table-cdc', 'consumer-contract')).toBe(
      'the consumer read dbserver1.public.account[0]@0 (record acct-1@1) with fields amount and id; the contract is fields balance and id',
    );
  });

  it('snapshot-stream-consistency names the WAL changes in the gap and the snapshot view', () => {
    expect(reason('snapshot-handover-legacy', 'snapshot-stream-consistency')).toBe(
      'the account acct-1 change at LSN 3 (xid 2, committed at LSN 4) and the account acct-2 change at LSN 5 (xid 3, committed at LSN 6) were neither streamed nor read by a snapshot (the highest view of a completed snapshot: LSN 3; nothing streamed)',
    );
  });
});

describe('explain agrees with holds', () => {
  // On every state of every counterexample, a property explains a failure exactly where it does
  // not hold: a reason for a state that is fine would be a false claim.
  const cases = [
    ['dual-write', 'no-lost-events'],
    ['dual-write', 'at-least-once'],
    ['publish-then-commit', 'no-phantom-events'],
    ['dual-write-retry', 'exactly-once-effect'],
    ['dual-write-concurrent', 'per-aggregate-order'],
    ['table-cdc', 'consumer-contract'],
    ['snapshot-handover-legacy', 'snapshot-stream-consistency'],
  ] as const;
  it.each(cases)('%s · %s', (scenario, property) => {
    const p = getScenario(scenario)!.model().properties.find((x) => x.name === property)!;
    expect(p.explain).toBeTypeOf('function');
    const trace = exhaustive(scenario).violations.find((v) => v.property === property)!.trace;
    for (const { state } of trace) expect(p.explain!(state) === undefined).toBe(p.holds(state));
  });
});
