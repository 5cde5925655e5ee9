import { describe, expect, it } from 'vitest';
import { connectorMachine } from '../../pipeline/connectorMachine.ts';
import { pollingRelayMachine } from '../../pipeline/pollingRelay.ts';
import { dualWriteRetry } from '../../strategies/dualWriteRetry.ts';
import { consumerCommitAfter } from '../consumer.ts';
import { compileMachine, stepWithXState } from './compileMachine.ts';

describe('compileMachine', () => {
  it.each([connectorMachine, pollingRelayMachine, dualWriteRetry, consumerCommitAfter].map((m) => [m.id, m] as const))('%s: the table agrees with xstate on every state × event', (_id, machine) => {
    const c = compileMachine(machine);
    expect(c.states).toEqual(Object.keys(machine.root.states));
    for (const s of c.states)
      for (const e of c.events) expect(c.table[s]!.find((t) => t.event === e)).toEqual(stepWithXState(machine, s, e));
  });

  it('reads targets and effect names from the machine', () => {
    const c = compileMachine(connectorMachine);
    expect(c.initial).toBe('starting');
    expect(c.table.streaming!.find((t) => t.event === 'CRASH')).toEqual({ event: 'CRASH', target: 'starting', effects: ['crash'] });
    expect(c.table.snapshotting!.find((t) => t.event === 'READ_ROW')).toEqual({ event: 'READ_ROW', target: 'snapshotting', effects: ['readRow'] });
  });
});
