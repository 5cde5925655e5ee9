import { describe, expect, it } from 'vitest';
import { lsnValue, parseTestDecoding } from './parseTestDecoding.ts';

describe('parseTestDecoding', () => {
  it('groups changes by transaction, with typed values and the commit LSN', () => {
    const parsed = parseTestDecoding([
      { lsn: '0/10', data: 'BEGIN 750' },
      { lsn: '0/11', data: 'table public.accounts: INSERT: id[integer]:1 balance[integer]:100' },
      { lsn: '0/12', data: "table public.outbox: INSERT: id[integer]:7 aggregate_id[integer]:1 payload[text]:'it''s'" },
      { lsn: '0/13', data: 'table public.accounts: DELETE: id[integer]:1' },
      { lsn: '0/14', data: 'COMMIT 750' },
      { lsn: '0/20', data: 'BEGIN 751' },
      { lsn: '0/21', data: "table public.outbox: UPDATE: id[integer]:7 aggregate_id[integer]:1 payload[text]:null" },
      { lsn: '0/22', data: 'COMMIT 751' },
    ]);
    expect(parsed).toEqual([
      {
        xid: '750',
        commitLsn: '0/14',
        changes: [
          { schema: 'public', table: 'accounts', op: 'insert', row: { id: 1, balance: 100 }, lsn: '0/11' },
          { schema: 'public', table: 'outbox', op: 'insert', row: { id: 7, aggregate_id: 1, payload: "it's" }, lsn: '0/12' },
          { schema: 'public', table: 'accounts', op: 'delete', row: { id: 1 }, lsn: '0/13' },
        ],
      },
      { xid: '751', commitLsn: '0/22', changes: [{ schema: 'public', table: 'outbox', op: 'update', row: { id: 7, aggregate_id: 1, payload: null }, lsn: '0/21' }] },
    ]);
  });

  it('orders LSNs numerically across the high/low halves', () => {
    expect(lsnValue('0/FF') < lsnValue('0/100')).toBe(true);
    expect(lsnValue('0/FFFFFFFF') < lsnValue('1/0')).toBe(true);
  });

  it('refuses lines it does not understand, and unterminated transactions', () => {
    expect(() => parseTestDecoding([{ lsn: '0/1', data: 'something else' }])).toThrow(/cannot parse/);
    expect(() => parseTestDecoding([{ lsn: '0/1', data: 'BEGIN 1' }])).toThrow(/no COMMIT/);
  });
});
