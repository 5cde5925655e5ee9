import { describe, expect, it } from 'vitest';
import { ClassCache } from './ClassCache.ts';

const got = (cache: ClassCache, hi: number, lo: number) => {
  const into = new Int32Array(2);
  return cache.get(hi, lo, into) ? [into[0], into[1]] : null;
};

describe('ClassCache', () => {
  it('gives back the class print kept for a state print, and nothing for another', () => {
    const cache = new ClassCache();
    expect(got(cache, 1, 2)).toBeNull();
    cache.set(1, 2, 30, 40);
    cache.set(-5, 7, 50, -60);
    expect(got(cache, 1, 2)).toEqual([30, 40]);
    expect(got(cache, -5, 7)).toEqual([50, -60]);
    expect(got(cache, 2, 1)).toBeNull();
    expect(got(cache, 1, 3)).toBeNull();
  });

  it('keeps every pair while it grows, through colliding slots', () => {
    const cache = new ClassCache();
    // Prints that share their low word, and so start their probes in nearby slots.
    for (let i = 1; i <= 20_000; i++) cache.set(i, 7, i * 3, -i);
    for (let i = 1; i <= 20_000; i++) expect(got(cache, i, 7)).toEqual([i * 3, -i]);
    expect(got(cache, 20_001, 7)).toBeNull();
  });

  it('tells apart prints that share one of their two words, however the probes run', () => {
    const cache = new ClassCache();
    for (let i = 10; i <= 5000; i++) {
      cache.set(i, 7, i, 1);
      cache.set(3, i, i, 2);
    }
    for (let i = 10; i <= 5000; i++) {
      // The high word of one kept print with another low word, and the other way round.
      expect(got(cache, i, 8)).toBeNull();
      expect(got(cache, 4, i)).toBeNull();
      expect(got(cache, i, 7)).toEqual([i, 1]);
      expect(got(cache, 3, i)).toEqual([i, 2]);
    }
  });

  it('keeps a print with one word 0, and never the print (0, 0), which marks an empty slot', () => {
    const cache = new ClassCache();
    cache.set(0, 0, 1, 1);
    expect(got(cache, 0, 0)).toBeNull();
    // Enough prints with a word 0 for the table to grow twice, every one still found after.
    for (let i = 1; i <= 5000; i++) {
      cache.set(0, i, i, 1);
      cache.set(i, 0, i, 2);
    }
    for (let i = 1; i <= 5000; i++) {
      expect(got(cache, 0, i)).toEqual([i, 1]);
      expect(got(cache, i, 0)).toEqual([i, 2]);
    }
    expect(got(cache, 0, 5001)).toBeNull();
    expect(got(cache, 0, 0)).toBeNull();
  });

  it('at its full size, always keeps an empty slot: a print never kept is answered, not looked for for ever', () => {
    const cache = new ClassCache(64);
    // Prints spread as fingerprints are: murmur3's finaliser of a counter.
    let n = 0;
    const next = () => {
      let h = ++n;
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
      return h ^ (h >>> 16);
    };
    for (let i = 0; i < 10_000; i++) cache.set(next(), next(), i, i);
    for (let i = 0; i < 1000; i++) expect(got(cache, next(), next())).toBeNull();
  });

  it('doubles while half full, from 4096 slots, and no further than its size', () => {
    const cache = new ClassCache(1 << 13);
    expect(cache.slots).toBe(4096);
    for (let i = 1; i <= 2048; i++) cache.set(i, 1, 1, 1);
    expect(cache.slots).toBe(4096);
    cache.set(2049, 1, 1, 1);
    expect(cache.slots).toBe(8192);
    for (let i = 2050; i <= 50_000; i++) cache.set(i, 1, 1, 1);
    expect(cache.slots).toBe(8192);
    expect(new ClassCache(16).slots).toBe(16);
  });

  it('stops growing at its size, forgets old pairs and never gives a wrong one', () => {
    const cache = new ClassCache(16);
    for (let i = 1; i <= 1000; i++) cache.set(i, i * 7919, i, -i);
    let kept = 0;
    for (let i = 1; i <= 1000; i++) {
      const g = got(cache, i, i * 7919);
      if (g === null) continue;
      kept++;
      expect(g).toEqual([i, -i]);
    }
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(16);
    // The last pair set is always found.
    expect(got(cache, 1000, 1000 * 7919)).toEqual([1000, -1000]);
  });

  it('counts the collision odds over every print it kept', () => {
    const cache = new ClassCache(16);
    expect(cache.collisionProbability).toBe(0);
    for (let i = 1; i <= 100; i++) cache.set(i, 1, 0, 0);
    expect(cache.collisionProbability).toBe((100 * 100) / 2 ** 65);
  });
});
