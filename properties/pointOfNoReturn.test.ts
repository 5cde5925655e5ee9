import { describe, expect, it } from 'vitest';
import { getScenario } from '../models/scenarios.ts';
import { pointOfNoReturn } from '../src/engine/pointOfNoReturn.ts';
import { exhaustive, labels } from './internal/checkScenario.ts';

/** The label of the action at a violation's point of no return (step k is reached by action k). */
function damage(scenario: string, property: string): string | undefined {
  const model = getScenario(scenario)!.model();
  const v = exhaustive(scenario).violations.find((x) => x.property === property)!;
  const step = pointOfNoReturn(model, model.properties.find((p) => p.name === property)!, v.trace);
  return step === undefined ? undefined : labels(exhaustive(scenario), property)[step - 1];
}

describe('the point of no return on CDC counterexamples', () => {
  it('T1 (dual-write): the service crash between the commit and the publish, not the commit', () => {
    expect(damage('dual-write', 'no-lost-events')).toBe('CrashService(svc1, acct-1#1)');
    expect(damage('dual-write', 'at-least-once')).toBe('CrashService(svc1, acct-1#1)');
  });

  it('a consumer that commits its offset before processing: the consumer crash after that commit', () => {
    expect(damage('consumer-commit-before', 'at-least-once')).toMatch(/^CrashConsumer/);
  });

  it('T2 (publish-then-commit): the crash that leaves the published event uncommitted for good', () => {
    expect(damage('publish-then-commit', 'no-phantom-events')).toMatch(/^CrashService/);
  });

  it('an always property is damaged where it first fails: the last step', () => {
    const v = exhaustive('dual-write-retry').violations.find((x) => x.property === 'exactly-once-effect')!;
    expect(damage('dual-write-retry', 'exactly-once-effect')).toBe(labels(exhaustive('dual-write-retry'), 'exactly-once-effect')[v.trace.length - 2]);
  });
});
