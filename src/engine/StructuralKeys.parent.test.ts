import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { check } from './check.ts';
import { always } from './Property.ts';
import type { Model } from './Model.ts';
import { stableKey } from './stableKey.ts';
import { StructuralKeys } from './StructuralKeys.ts';

const fp = (keys: StructuralKeys, state: unknown): string => {
  const into = new Int32Array(2);
  keys.fingerprint(state, into);
  return `${into[0]}:${into[1]}`;
};

/** `value` with the value at the place `path` leads to replaced (copied along the path, sharing the rest). */
function replaced(value: unknown, path: readonly number[], replacement: unknown): unknown {
  if (path.length === 0 || typeof value !== 'object' || value === null) return replacement;
  const [at, ...rest] = path as [number, ...number[]];
  if (Array.isArray(value)) {
    if (value.length === 0) return [replacement];
    const copy = value.slice();
    copy[at % value.length] = replaced(value[at % value.length], rest, replacement);
    return copy;
  }
  const names = Object.keys(value);
  // Now and then a new field, else one of the fields there.
  const name = names.length === 0 || at % 5 === 4 ? `n${at % 3}` : names[at % names.length]!;
  return { ...value, [name]: replaced((value as Record<string, unknown>)[name], rest, replacement) };
}

describe('StructuralKeys.parentIs: successors keyed against their parent', () => {
  // A search in miniature: each state is a step from an earlier one (a value replaced at some
  // place by a new value, by a part of another state, or by undefined, sharing everything else),
  // keyed with the hints a search gives, some of them wrong on purpose.
  const step = fc.record({
    from: fc.nat(),
    path: fc.array(fc.nat(), { maxLength: 4 }),
    kind: fc.integer({ min: 0, max: 2 }),
    fresh: fc.jsonValue({ maxDepth: 2 }),
    donor: fc.nat(),
    donorPath: fc.array(fc.nat(), { maxLength: 3 }),
    wrongHint: fc.boolean(),
  });
  test.prop([fc.jsonValue({ maxDepth: 3 }), fc.array(step, { minLength: 1, maxLength: 40 })])(
    'gives keys and fingerprints that tell states apart exactly as their JSON does, whatever parent it is told of',
    (first, steps) => {
      const states: unknown[] = [{ root: first }];
      const hinted = new StructuralKeys();
      const plain = new StructuralKeys();
      const seen = new Set<string>();
      const keys: string[] = [];
      const prints: string[] = [];
      const remember = (s: unknown) => {
        const json = stableKey(s);
        if (!seen.has(json)) {
          seen.add(json);
          hinted.keep(s);
        }
      };
      keys.push(hinted.key(states[0]));
      remember(states[0]);
      prints.push(fp(hinted, states[0]));
      for (const st of steps) {
        const parent = states[st.from % states.length];
        const donor = states[st.donor % states.length];
        const part = st.donorPath.reduce<unknown>((v, i) => (v !== null && typeof v === 'object' ? Object.values(v)[i % Math.max(1, Object.keys(v).length)] : v), donor);
        const replacement = st.kind === 0 ? st.fresh : st.kind === 1 ? part : undefined;
        const next = replaced(parent, [0, ...st.path], replacement);
        // Other states keyed in between, as in a search, where the parent was keyed long before
        // its successors: what was last met at each place is theirs, not the parent's.
        hinted.key(donor);
        hinted.key(states[(st.from + 1) % states.length]);
        hinted.parentIs(st.wrongHint ? donor : parent);
        keys.push(hinted.key(next));
        prints.push(fp(hinted, next));
        remember(next);
        states.push(next);
      }
      const json = states.map((s) => stableKey(s));
      const plainPrints = states.map((s) => fp(plain, s));
      for (let x = 0; x < states.length; x++) {
        for (let y = 0; y < states.length; y++) {
          const same = json[x] === json[y];
          expect(keys[x] === keys[y]).toBe(same);
          expect(prints[x] === prints[y]).toBe(same);
          expect(plainPrints[x] === plainPrints[y]).toBe(same);
        }
      }
    },
  );

  it('takes an id from the parent only for the very object at the same place: an array there is not an object with the same values', () => {
    const a = { v: 1 };
    const b = { v: 2 };
    const parent = { x: [a, b] };
    const keys = new StructuralKeys();
    const before = keys.key(parent);
    keys.keep(parent);
    keys.parentIs(parent);
    const asObject = keys.key({ x: { 0: a, 1: b } });
    const swapped = keys.key({ x: [b, a] });
    const same = keys.key({ x: [a, b] });
    expect(asObject).not.toBe(before);
    expect(swapped).not.toBe(before);
    expect(same).toBe(before);
    // Shared parts moved to other field names, a field the parent lacks, one it has left out.
    const named = { p: a, q: b };
    const namedKey = keys.key(named);
    keys.keep(named);
    keys.parentIs(named);
    const moved = keys.key({ p: b, q: a });
    expect(moved).not.toBe(namedKey);
    expect(moved).toBe(keys.key({ q: { v: 1 }, p: { v: 2 } }));
    expect(keys.key({ p: a, q: b, r: a })).not.toBe(namedKey);
    expect(keys.key({ p: a })).not.toBe(namedKey);
    expect(keys.key({ q: b, p: a })).toBe(namedKey);
  });

  it('takes the ids of shared elements and fields from the parent when what was last met there is another state\'s', () => {
    const keys = new StructuralKeys();
    const parent = { list: [{ v: 1 }, { v: 2 }, { v: 3 }], rec: { a: { w: 1 }, b: { w: 2 } } };
    keys.key(parent);
    keys.keep(parent);
    // Two other states since: what was last met at each place, and the one before, are theirs.
    keys.key({ list: [{ v: 4 }, { v: 5 }, { v: 6 }], rec: { a: { w: 3 }, b: { w: 4 } } });
    keys.key({ list: [{ v: 7 }, { v: 8 }, { v: 6 }], rec: { a: { w: 6 }, b: { w: 7 } } });
    keys.parentIs(parent);
    const next = { list: [parent.list[0], parent.list[1], { v: 9 }], rec: { b: parent.rec.b, a: { w: 5 } } };
    const nextKey = keys.key(next);
    const copy = { list: [{ v: 1 }, { v: 2 }, { v: 9 }], rec: { a: { w: 5 }, b: { w: 2 } } };
    keys.parentIs(null);
    expect(keys.key(copy)).toBe(nextKey);
    expect(keys.key({ list: [{ v: 2 }, { v: 1 }, { v: 9 }], rec: copy.rec })).not.toBe(nextKey);
  });

  it('keeps only the state keyed last, and forgets a parent once its successors are under way', () => {
    const keys = new StructuralKeys();
    const s = { big: { list: [1, 2, 3] } };
    const t = { big: { list: [4] } };
    keys.key(s);
    keys.key(t);
    // Not the state keyed last: nothing is kept, and the hint does nothing.
    keys.keep(s);
    keys.parentIs(s);
    const shared = keys.key({ big: s.big, more: 1 });
    expect(shared).toBe(keys.key({ big: { list: [1, 2, 3] }, more: 1 }));
    expect(shared).not.toBe(keys.key({ big: { list: [4] }, more: 1 }));
    // A root that is not an object or array keeps nothing.
    const seven = keys.key(7);
    keys.keep(7);
    keys.parentIs(7);
    expect(keys.key(7)).toBe(seven);
    expect(keys.key('7')).not.toBe(seven);
  });

  // In the two tests below, two other states are keyed before the successor, so that what was last
  // met at each place (and the one before) is theirs: only the parent's description can give ids.
  it('ignores keep() of a state other than the one keyed last, even once the memos have moved on', () => {
    const keys = new StructuralKeys();
    const s = { a: { v: 1 }, b: { v: 2 } };
    const t = { b: { v: 3 }, a: { v: 4 } };
    keys.key(s);
    keys.key(t);
    keys.keep(s); // t was keyed last: s's fields must not be paired with t's description
    keys.key({ a: { v: 5 }, b: { v: 6 } });
    keys.key({ a: { v: 7 }, b: { v: 8 } });
    keys.parentIs(s);
    const next = keys.key({ a: s.a, b: s.b });
    keys.parentIs(null);
    expect(next).toBe(keys.key({ a: { v: 1 }, b: { v: 2 } }));
  });

  it('takes the ids of an array root\'s shared elements from the parent, each at its own position', () => {
    const keys = new StructuralKeys();
    const parent = [{ v: 1 }, { v: 2 }, { v: 3 }];
    keys.key(parent);
    keys.keep(parent);
    keys.key([{ v: 4 }, { v: 5 }, { v: 6 }]);
    keys.key([{ v: 7 }, { v: 8 }, { v: 9 }]);
    keys.parentIs(parent);
    const next = keys.key([parent[0], parent[1], parent[2], { v: 10 }]);
    keys.parentIs(null);
    expect(next).toBe(keys.key([{ v: 1 }, { v: 2 }, { v: 3 }, { v: 10 }]));
    expect(next).not.toBe(keys.key([{ v: 2 }, { v: 1 }, { v: 3 }, { v: 10 }]));
  });
});

describe('the search keys successors against their parent', () => {
  /**
   * A counter world whose steps change one of several shared records: the same model keyed by
   * the default key (with the parent hints) and by its stable JSON must be explored alike.
   */
  const world = (own: boolean): Model<{ rs: { n: number; tag: string[] }[]; log: number[] }, number> => ({
    name: 'records',
    initial: () => [{ rs: [0, 1, 2].map((i) => ({ n: 0, tag: [`r${i}`] })), log: [] }],
    actions: (s) => s.rs.flatMap((r, i) => (r.n < 2 ? [i] : [])),
    next: (s, i) => ({ rs: s.rs.map((r, j) => (j === i ? { ...r, n: r.n + 1 } : r)), log: s.log.length < 3 ? [...s.log, i] : s.log }),
    properties: [],
    ...(own ? { key: (s) => stableKey(s) } : {}),
  });

  /** A counter that, from n = 1500 on, changes its input in place (breaking `Model`'s contract) as `change` does. */
  const lateMutation = (change: (s: { n: number; c: { n: number } }) => void): Model<{ n: number; c: { n: number } }, 'Inc'> => ({
    name: 'late-mutation',
    initial: () => [{ n: 0, c: { n: 0 } }],
    actions: ({ n }) => (n < 3000 ? ['Inc'] : []),
    next: (s) => {
      if (s.n < 1500) return { n: s.n + 1, c: { n: s.n + 1 } };
      change(s);
      return { ...s };
    },
    properties: [always('never negative', ({ n }) => n >= 0)],
  });
  const errorCode = (model: Model<{ n: number; c: { n: number } }, 'Inc'>): string => {
    try {
      check(model);
    } catch (e) {
      return (e as { code: string }).code;
    }
    return 'no error';
  };

  // The parent is compared as it was kept, not as a faulty next() left it: the successor is keyed
  // as what it is, the search goes on, and the sampled check names the fault.
  it('still reports a next() that changes a field of its input in place, a number or an object', () => {
    expect(errorCode(lateMutation((s) => s.n++))).toBe('next-mutated-state');
    expect(
      errorCode(
        lateMutation((s) => {
          s.n++;
          s.c = { n: s.n };
        }),
      ),
    ).toBe('next-mutated-state');
  });

  it('visits the same states and transitions as a key of the stable JSON', () => {
    const generic = check(world(false), { exploreAll: true });
    const json = check(world(true), { exploreAll: true });
    expect(generic.status).toBe('ok');
    expect(generic.stats.states).toBe(json.stats.states);
    expect(generic.stats.transitions).toBe(json.stats.transitions);
    expect(generic.stats.maxDepth).toBe(json.stats.maxDepth);
    const exact = check(world(false), { exploreAll: true, exactKeys: true });
    expect(exact.stats.states).toBe(json.stats.states);
  });
});
