import { describe, expect, it } from 'vitest';
import { hashInts, hashText } from './hash64.ts';

/** The two halves of a fingerprint as one bigint, to count the bits two fingerprints differ in. */
function bits(into: Int32Array): bigint {
  return (BigInt(into[0]! >>> 0) << 32n) | BigInt(into[1]! >>> 0);
}

function popcount(x: bigint): number {
  let n = 0;
  for (; x > 0n; x >>= 1n) n += Number(x & 1n);
  return n;
}

describe('hashText', () => {
  it('is cyrb53 kept to 64 bits: its 53-bit value is the one cyrb53 publishes for the same text', () => {
    // cyrb53 returns 2^32 · (h2 & (2^21 - 1)) + (h1 >>> 0); its author's published examples.
    const into = new Int32Array(2);
    const cyrb53 = (text: string) => {
      hashText(text, into);
      return 4294967296 * (0x1fffff & into[1]!) + (into[0]! >>> 0);
    };
    expect(cyrb53('a')).toBe(7929297801672961);
    expect(cyrb53('b')).toBe(8684336938537663);
    expect(cyrb53('revenge')).toBe(4051478007546757);
    expect(cyrb53('revenue')).toBe(8309097637345594);
  });

  it('hashes exactly the text: a trailing NUL character gives another fingerprint', () => {
    const a = new Int32Array(2);
    const b = new Int32Array(2);
    hashText('key', a);
    hashText('key\0', b);
    expect(bits(a)).not.toBe(bits(b));
  });
});

describe('hashInts', () => {
  it('hashes the length in, so a tuple and the same tuple with a zero appended differ', () => {
    const a = new Int32Array(2);
    const b = new Int32Array(2);
    hashInts([1, 2, 0], 2, a);
    hashInts([1, 2, 0], 3, b);
    expect(bits(a)).not.toBe(bits(b));
    hashInts([], 0, a);
    hashInts([0], 1, b);
    expect(bits(a)).not.toBe(bits(b));
  });

  it('reads only values[0 .. n), and tells apart tuples that differ in order', () => {
    const a = new Int32Array(2);
    const b = new Int32Array(2);
    hashInts([7, 8, 99], 2, a);
    hashInts([7, 8, -5], 2, b);
    expect(bits(a)).toBe(bits(b));
    hashInts([8, 7], 2, b);
    expect(bits(a)).not.toBe(bits(b));
  });

  it('avalanches: flipping one input bit flips about half of the 64 fingerprint bits', () => {
    // Both halves must mix: if one half stayed put, a flip would change about 16 bits, not 32.
    const base = [0x12345678, -42, 0, 7];
    const a = new Int32Array(2);
    const b = new Int32Array(2);
    hashInts(base, base.length, a);
    let total = 0;
    let lowest = 64;
    let flips = 0;
    for (let i = 0; i < base.length; i++) {
      for (let bit = 0; bit < 32; bit++) {
        const changed = base.slice();
        changed[i] = changed[i]! ^ (1 << bit);
        hashInts(changed, changed.length, b);
        const d = popcount(bits(a) ^ bits(b));
        total += d;
        lowest = Math.min(lowest, d);
        flips++;
      }
    }
    expect(total / flips).toBeGreaterThan(30);
    expect(total / flips).toBeLessThan(34);
    expect(lowest).toBeGreaterThan(12);
  });
});
