import { describe, expect, it } from 'vitest';
import { outboxEventRouter, routeFailed, tableTopicRouter, type ChangeEvent } from './outboxEventRouter.ts';

const row = { id: 'acct-1#1', aggregatetype: 'Account', aggregateid: 'acct-1', type: 'BalanceChanged', payload: '{"accountId":"acct-1","balance":100}' };
const event = (op: ChangeEvent['op'], after: ChangeEvent['after'] = row): ChangeEvent => ({ op, table: 'outbox', pk: 'acct-1#1', after, lsn: 7, tag: 'acct-1#1' });

describe('the Outbox Event Router', () => {
  const route = outboxEventRouter('outbox.event.');

  it.each(['c', 'r'] as const)('routes op %s: topic prefix + aggregatetype, key aggregateid, payload as value, eventId header', (op) => {
    expect(route(event(op))).toEqual({
      topic: 'outbox.event.Account',
      record: { key: 'acct-1', id: 'acct-1#1', change: 'acct-1#1', op, value: { accountId: 'acct-1', balance: 100 } },
    });
  });

  it('drops deletes, so deleting the row in the inserting transaction keeps the outbox empty and loses nothing', () => {
    expect(route(event('d', null))).toBeNull();
  });

  it('drops updates (Debezium logs a warning; the outbox is meant to be insert-only)', () => {
    expect(route(event('u'))).toBeNull();
  });
});

describe('no transform (table capture)', () => {
  it('puts the raw change on the table topic, keyed by primary key, with the after-image', () => {
    expect(tableTopicRouter('dbserver1')({ ...event('u', { id: 'acct-1', balance: 200 }), table: 'account', pk: 'acct-1' })).toEqual({
      topic: 'dbserver1.public.account',
      record: { key: 'acct-1', id: 'acct-1@7', change: 'acct-1#1', op: 'u', value: { id: 'acct-1', balance: 200 } },
    });
  });
});

describe('table.op.invalid.behavior (EventRouterDelegate.handleUnexpectedOperation)', () => {
  it('error drops an update as warn does', () => {
    expect(outboxEventRouter('outbox.event.', 'error')(event('u'))).toBeNull();
  });

  it('fatal fails the transform on an update, and only on an update', () => {
    const route = outboxEventRouter('outbox.event.', 'fatal');
    const failed = route(event('u'));
    expect(routeFailed(failed)).toBe(true);
    expect(failed).toEqual({ failed: 'Unexpected update message received acct-1#1, fail.' });
    expect(route(event('d', null))).toBeNull();
    expect(routeFailed(route(event('c')))).toBe(false);
    expect(route(event('c'))).toEqual(outboxEventRouter('outbox.event.')(event('c')));
  });
});
