import { describe, expect, it } from 'vitest';
import { compactJson, diffStates, formatChange } from './diffStates.ts';

describe('diffStates', () => {
  it('reports only the leaves that changed, with dotted paths', () => {
    const a = { db: { rows: [{ id: 1, balance: 0 }] }, kafka: [], mode: 'idle' };
    const b = { db: { rows: [{ id: 1, balance: 100 }] }, kafka: [], mode: 'idle' };
    expect(diffStates(a, b)).toEqual([{ path: 'db.rows[0].balance', before: '0', after: '100' }]);
  });

  it('shows an appended log entry as one new element, not a rewrite of the array', () => {
    const changes = diffStates({ wal: [{ lsn: 1 }] }, { wal: [{ lsn: 1 }, { lsn: 2, xid: 7 }] });
    expect(changes).toEqual([{ path: 'wal[1]', before: undefined, after: '{"lsn":2,"xid":7}' }]);
    expect(formatChange(changes[0]!)).toBe('wal[1]: ∅ → {"lsn":2,"xid":7}');
  });

  it('reports removed keys and changed types, and nothing for equal states', () => {
    expect(diffStates({ a: 1, b: { c: 2 } }, { b: 'x' })).toEqual([
      { path: 'a', before: '1', after: undefined },
      { path: 'b', before: '{"c":2}', after: '"x"' },
    ]);
    expect(diffStates({ x: [1, { y: 2 }] }, { x: [1, { y: 2 }] })).toEqual([]);
  });

  it('prints objects with sorted keys so equal values print alike', () => {
    expect(compactJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
  });
});
