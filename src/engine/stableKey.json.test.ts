import { describe, expect, it } from 'vitest';
import { stableKey, UnserialisableError } from './stableKey.ts';

// Stable JSON is JSON: with sorted names, it is what JSON.stringify gives for plain data.

describe('stableKey is JSON with sorted names', () => {
  it('quotes names as JSON does, including names made only of characters that need escaping', () => {
    for (const value of [{ '"': 1 }, { '\\': 1, a: 2 }, { 'a b': 1 }, { '': 0 }, { $x: 1, _y: 3, 'a-b': 2 }]) {
      expect(stableKey(value)).toBe(JSON.stringify(value));
    }
  });

  it('an undefined array element is null, as in JSON', () => {
    expect(stableKey([1, undefined, 2])).toBe('[1,null,2]');
  });

  it('an object whose prototype has no constructor is refused as an instance of unknown kind', () => {
    let error: unknown;
    try {
      stableKey({ inner: Object.create(Object.create(null)) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnserialisableError);
    expect((error as UnserialisableError).code).toBe('unserialisable-state');
    expect((error as UnserialisableError).message).toBe('state.inner is a unknown instance (only plain objects and arrays are allowed), which cannot be part of a state key');
  });
});
