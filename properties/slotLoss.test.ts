import { describe, expect, it } from 'vitest';
import { exhaustive, indexOf, labels } from './internal/checkScenario.ts';

/**
 * The slot-loss pair across DBZ-7461 (Debezium 2.6.0): the same lost slot under
 * `snapshot.mode=initial`, silent on 2.5, a failed task since 2.6.
 */
describe('a lost slot across DBZ-7461', () => {
  it('on 2.5 the restarted task streams from a new slot after the commits it missed, and nothing fails', () => {
    const trace = labels(exhaustive('slot-lost'), 'no-silent-loss');
    const dropped = indexOf(trace, /^DbDropSlot/);
    expect(dropped).toBeGreaterThanOrEqual(0);
    expect(indexOf(trace, /^ConnectorStartStreaming/, dropped)).toBeGreaterThan(dropped);
    expect(trace.some((l) => l.startsWith('ConnectorFailTask'))).toBe(false);
  });

  it('since 2.6 the restart fails the task, saying the stored position is gone and naming when_needed', () => {
    const r = exhaustive('slot-lost-fails-loudly');
    expect(r.violations.map((v) => v.property)).not.toContain('no-silent-loss');
    const trace = labels(r, 'no-lost-events');
    const dropped = indexOf(trace, /^DbDropSlot/);
    const failed = indexOf(trace, /^ConnectorFailTask\(connector, stored LSN \d+ is no longer available \(slot debezium is gone\); use snapshot.mode=when_needed\)/, dropped);
    expect(failed).toBeGreaterThan(dropped);
    // After the loss the connector never streams or snapshots again: it waits for an operator.
    expect(trace.slice(dropped).some((l) => /^Connector(StartStreaming|StartSnapshot)/.test(l))).toBe(false);
  });
});
