import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { check } from '../check.ts';
import type { Model } from '../Model.ts';
import { dieHard } from '../fixtures/dieHard.ts';
import { grid } from '../fixtures/grid.ts';
import { hashText } from './hash64.ts';
import { StateKey, visitedStates } from './VisitedStates.ts';

/** The visited set's question for a key text: the text itself, and its fingerprint. */
function keyOf(text: string): StateKey {
  const key = new StateKey();
  key.text = text;
  hashText(text, key.fingerprint);
  return key;
}

describe.each(['fingerprints', 'exact'] as const)('the %s visited set', (kind) => {
  it('gives dense ids in insertion order, with parents and actions, and finds every key again after growing', () => {
    const v = visitedStates(kind);
    const n = 20_000; // the fingerprint table starts at 1,024 slots, so it grows many times
    const wrong: string[] = [];
    for (let i = 0; i < n; i++) {
      const key = `state-${i}`;
      if (v.find(keyOf(key)) !== -1) wrong.push(`${key} found before it was added`);
      if (v.add(keyOf(key), i - 1, i % 7) !== i) wrong.push(`${key} did not get id ${i}`);
    }
    for (let i = 0; i < n; i++) {
      const key = `state-${i}`;
      if (v.find(keyOf(key)) !== i || v.parent(i) !== i - 1 || v.via(i) !== i % 7 || !v.matches(i, keyOf(key)) || v.matches(i, keyOf(`state-${i + 1}`))) wrong.push(key);
    }
    expect(wrong).toEqual([]);
    expect(v.size).toBe(n);
    expect(v.find(keyOf(`state-${n}`))).toBe(-1);
  });

  test.prop([fc.uniqueArray(fc.string(), { maxLength: 300 })])('tells apart exactly the distinct keys', (keys) => {
    const v = visitedStates(kind);
    for (const k of keys) {
      expect(v.find(keyOf(k))).toBe(-1);
      v.add(keyOf(k), -1, 0);
    }
    keys.forEach((k, i) => expect(v.find(keyOf(k))).toBe(i));
  });
});

describe('the fingerprint table', () => {
  it('tells apart fingerprints that share a slot and a tag: only the whole 64 bits are compared as equal', () => {
    // Two fingerprints whose halves mix to the same 32 bits (lo ^ hi·0x9e3779b1 is equal), so the
    // same home slot and the same tag in the table.
    const key = (hi: number, lo: number) => {
      const k = new StateKey();
      k.fingerprint[0] = hi;
      k.fingerprint[1] = lo;
      return k;
    };
    const a = key(1, 12345);
    const b = key(2, 12345 ^ Math.imul(1, 0x9e3779b1) ^ Math.imul(2, 0x9e3779b1));
    const v = visitedStates('fingerprints');
    for (let i = 0; i < 3000; i++) v.add(key(100 + i, i), -1, 0);
    expect(v.add(a, -1, 1)).toBe(3000);
    expect(v.find(b)).toBe(-1);
    expect(v.add(b, -1, 2)).toBe(3001);
    for (let i = 0; i < 3000; i++) v.add(key(-100 - i, i), -1, 0); // grows: both inserted again
    expect([v.find(a), v.find(b)]).toEqual([3000, 3001]);
    expect(v.matches(3000, b)).toBe(false);
  });
});

describe('the fingerprint table, probed past a slot', () => {
  // The table's mix (VisitedStates.ts), inverted: the fingerprint that mixes to a chosen 32 bits,
  // so that a test can place a key's tag and home slot where it wants.
  const inverse = (c: number): number => {
    let x = c;
    for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(c, x));
    return x;
  };
  const mix = (hi: number, lo: number): number => {
    const h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
    return h ^ (h >>> 15);
  };
  /** The x with mix(0, x) = h, i.e. the value lo ^ hi·0x9e3779b1 must take. */
  const unmixed = (h: number): number => Math.imul(h ^ (h >>> 15) ^ (h >>> 30), inverse(0x85ebca6b));
  const key = (hi: number, lo: number) => {
    const k = new StateKey();
    k.fingerprint[0] = hi;
    k.fingerprint[1] = lo;
    return k;
  };

  it('tells apart fingerprints that share only one half, met with the same tag on the probe path', () => {
    const mask = 1023; // the table's first size
    const a = key(5, 77);
    const h = mix(5, 77);
    // Same tag as a, home slot one before a's: the probe passes a's slot when the slot before is taken.
    const target = (h & ~mask) | ((h - 1) & mask);
    expect(mix(0, unmixed(target))).toBe(target);
    const sameHi = key(5, unmixed(target) ^ Math.imul(5, 0x9e3779b1));
    const sameLo = key(Math.imul(unmixed(target) ^ 77, inverse(0x9e3779b1)), 77);
    expect([mix(5, sameHi.fingerprint[1]!), mix(sameLo.fingerprint[0]!, 77)]).toEqual([target, target]);
    const v = visitedStates('fingerprints');
    let lo = 0;
    while ((mix(9, lo) & mask) !== ((h - 1) & mask) || (mix(9, lo) & ~mask) === (h & ~mask)) lo++;
    v.add(key(9, lo), -1, 0); // takes the slot before a's
    v.add(a, -1, 0);
    expect([v.find(sameHi), v.find(sameLo), v.find(a)]).toEqual([-1, -1, 1]);
  });

  it('finds nothing for an id not yet added, after growing: a fingerprint of zeros is new', () => {
    const v = visitedStates('fingerprints');
    for (let i = 0; i < 717; i++) v.add(keyOf(`s${i}`), -1, 0); // grows at the 717th
    expect(v.find(key(0, 0))).toBe(-1);
    expect(v.add(key(0, 0), -1, 0)).toBe(717);
    expect(v.find(key(0, 0))).toBe(717);
  });
});

describe('fingerprints against exact keys', () => {
  it('report the collision odds as n²/2⁶⁵, and none for exact keys', () => {
    const fp = check(grid(99), { exploreAll: true });
    expect(fp.stats.states).toBe(10_000);
    expect(fp.stats.collisionProbability).toBeCloseTo(1e8 / 2 ** 65, 25);
    expect(check(grid(99), { exactKeys: true }).stats.collisionProbability).toBe(0);
  });

  it('explore the same states and find the same traces', () => {
    for (const model of [dieHard(), dieHard(3, 6), grid(40)] as Model<unknown, unknown>[]) {
      const a = check(model, { exploreAll: true });
      const b = check(model, { exploreAll: true, exactKeys: true });
      expect(a.stats.states).toBe(b.stats.states);
      expect(a.stats.transitions).toBe(b.stats.transitions);
      expect(a.violations).toEqual(b.violations);
    }
  });

  it('exactKeys must be a boolean', () => {
    expect(() => check(dieHard(), { exactKeys: 'yes' as unknown as boolean })).toThrow(/option exactKeys must be true or false, got "yes"/);
  });
});
