import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { stableKey } from './stableKey.ts';

describe('stableKey', () => {
  it('sorts object keys, so field order does not matter', () => {
    expect(stableKey({ b: 1, a: [true, null, 'x'] })).toBe('{"a":[true,null,"x"],"b":1}');
    expect(stableKey({ a: 1, b: 2 })).toBe(stableKey({ b: 2, a: 1 }));
  });

  it('omits undefined fields, as JSON does', () => {
    expect(stableKey({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  test.prop([fc.jsonValue()])('agrees with JSON.parse round trips on plain JSON', (value) => {
    expect(JSON.parse(stableKey(value))).toEqual(JSON.parse(JSON.stringify(value)));
  });

  test.prop([fc.dictionary(fc.string(), fc.integer())])('is independent of insertion order', (dict) => {
    const reversed = Object.fromEntries(Object.entries(dict).reverse());
    expect(stableKey(reversed)).toBe(stableKey(dict));
  });

  it('names the path of what cannot be serialised', () => {
    expect(() => stableKey({ a: [1, { f: () => 0 }] })).toThrow('state.a[1].f is a function');
    expect(() => stableKey({ s: new Set() })).toThrow('state.s is a Set instance');
    expect(() => stableKey({ n: 10n })).toThrow('state.n is a bigint');
    expect(() => stableKey({ x: Infinity })).toThrow('state.x is the number Infinity');
  });

  it('allows shared (non-cyclic) references', () => {
    const shared = { v: 1 };
    expect(stableKey({ a: shared, b: shared })).toBe('{"a":{"v":1},"b":{"v":1}}');
  });
});
