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
