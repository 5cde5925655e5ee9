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

  it('compares list elements by identity: removing buffer[0] is one removal, not every later element changing', () => {
    const before = { buffer: [{ id: 'a', lsn: 1 }, { id: 'b', lsn: 2 }, { id: 'c', lsn: 3 }] };
    const after = { buffer: [{ id: 'b', lsn: 2 }, { id: 'c', lsn: 3 }] };
    expect(diffStates(before, after)).toEqual([{ path: 'buffer[0]', before: '{"id":"a","lsn":1}', after: undefined }]);
    expect(diffStates({ applied: ['x', 'y', 'z'] }, { applied: ['x', 'z'] })).toEqual([{ path: 'applied[1]', before: '"y"', after: undefined }]);
  });

  it('shows an insertion in the middle as one new element at its new index', () => {
    expect(diffStates({ q: [1, 2, 4] }, { q: [1, 2, 3, 4] })).toEqual([{ path: 'q[2]', before: undefined, after: '3' }]);
  });

  it('shows a queue that drops its head and appends as one removal and one addition', () => {
    expect(diffStates({ q: ['a', 'b', 'c'] }, { q: ['b', 'c', 'd'] })).toEqual([
      { path: 'q[0]', before: '"a"', after: undefined },
      { path: 'q[2]', before: undefined, after: '"d"' },
    ]);
  });

  it('diffs an element changed in place field by field, at its index', () => {
    const before = { services: [{ at: 'idle', next: 0 }, { at: 'idle', next: 0 }] };
    const after = { services: [{ at: 'idle', next: 0 }, { at: 'inTxn', next: 0 }] };
    expect(diffStates(before, after)).toEqual([{ path: 'services[1].at', before: '"idle"', after: '"inTxn"' }]);
  });
});
