import { describe, expect, it } from 'vitest';
import { dualWrite } from '../dualWrite.ts';
import { dualWriteRetry } from '../dualWriteRetry.ts';
import { outboxCdc } from '../outboxCdc.ts';
import { serviceReach } from './serviceDef.ts';

describe('serviceReach', () => {
  it('says a strategy publishes, and which budgets it spends, from the effects its machine fires', () => {
    // The outbox service never publishes, so it leaves the topics and the network budget to the connector.
    expect(serviceReach(outboxCdc)).toEqual({ publishes: false, budgets: ['commitFail', 'serviceCrash'] });
    expect(serviceReach(dualWrite)).toEqual({ publishes: true, budgets: ['commitFail', 'serviceCrash'] });
    // Its retries can lose an ack: the network budget too.
    expect(serviceReach(dualWriteRetry)).toEqual({ publishes: true, budgets: ['commitFail', 'serviceCrash', 'network'] });
  });
});
