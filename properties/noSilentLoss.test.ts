import { describe, expect, it } from 'vitest';
import { getScenario } from '../models/scenarios.ts';
import { noSilentLoss } from './noSilentLoss.ts';
import type { World } from '../models/world/World.ts';

/** The initial world of `slot-lost`, with one committed change that Kafka does not hold. */
function worldWithLoss(connectorAt: string): World {
  const w = structuredClone(getScenario('slot-lost')!.model().initial()[0]!) as World;
  w.ghost.committed = [{ id: 'acct-1#1', agg: 'acct-1', lsn: 4 }];
  w.connectors[0]!.at = connectorAt;
  return w;
}

describe('no-silent-loss', () => {
  it('is violated when an event is missing and the connector runs as if nothing happened', () => {
    const w = worldWithLoss('streaming');
    expect(noSilentLoss.holds(w)).toBe(false);
    expect(noSilentLoss.explain!(w)).toMatch(/acct-1#1 is not in Kafka, and no connector task failed/);
  });

  it('holds when the same event is missing but the connector task has failed (the loss is announced)', () => {
    const w = worldWithLoss('failed');
    expect(noSilentLoss.holds(w)).toBe(true);
    expect(noSilentLoss.explain!(w)).toBeUndefined();
  });

  it('holds when nothing is missing, whatever the task does', () => {
    const w = worldWithLoss('streaming');
    w.ghost.committed = [];
    expect(noSilentLoss.holds(w)).toBe(true);
  });
});
