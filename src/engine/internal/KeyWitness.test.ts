import { describe, expect, it } from 'vitest';
import { ModelError } from '../CheckerError.ts';
import type { Model } from '../Model.ts';
import { KeyWitness } from './KeyWitness.ts';
import { ModelRunner } from './ModelRunner.ts';
import { StateKey } from './VisitedStates.ts';

type N = { n: number };
const counter = (over: Partial<Model<N, 'Inc'>> = {}): Model<N, 'Inc'> => ({
  name: 'counter',
  initial: () => [{ n: 0 }],
  actions: () => ['Inc'],
  next: ({ n }) => ({ n: n + 1 }),
  properties: [],
  ...over,
});
/** A key that numbers states in the order its model object meets them. */
const interned = (): Model<N, 'Inc'> => {
  const numbers = new Map<number, number>();
  return counter({ key: ({ n }) => String(numbers.get(n) ?? (numbers.set(n, numbers.size), numbers.size - 1)) });
};
/** The fingerprint `model`'s own runner (canonical, as in a worker) gives `state`. */
const printOf = (runner: ModelRunner<N, 'Inc'>, state: N) => {
  const key = new StateKey();
  runner.keyInto(key, state, () => [], 'Inc');
  return [key.fingerprint[0]!, key.fingerprint[1]!] as const;
};

describe('KeyWitness', () => {
  it('is needed only where a fingerprint can depend on the model object: key, fingerprint, or representative under symmetry', () => {
    expect(KeyWitness.needed(counter() as Model<unknown, unknown>, true)).toBe(false);
    expect(KeyWitness.needed(counter({ key: ({ n }) => String(n) }) as Model<unknown, unknown>, false)).toBe(true);
    expect(KeyWitness.needed(counter({ fingerprint: (s, into) => void (into[0] = s.n) }) as Model<unknown, unknown>, false)).toBe(true);
    const rep = counter({ representative: (s) => s }) as Model<unknown, unknown>;
    expect([KeyWitness.needed(rep, false), KeyWitness.needed(rep, true)]).toEqual([false, true]);
  });

  it('passes a key that depends on the state alone, and fails one that depends on the model object, naming it', () => {
    const pure = counter({ key: ({ n }) => `n${n}` });
    const own = new ModelRunner(pure, false, false, true);
    const witness = new KeyWitness(counter({ key: ({ n }) => `n${n}` }), false);
    for (let n = 0; n < 100; n++) witness.check({ n }, ...printOf(own, { n }), () => [], 'Inc');

    const first = interned();
    const mine = new ModelRunner(first, false, false, true);
    printOf(mine, { n: 0 }); // this object met {n: 0} first, the witness never did
    const other = new KeyWitness(interned(), false);
    let error: unknown;
    try {
      other.check({ n: 1 }, ...printOf(mine, { n: 1 }), () => [{ action: null, state: { n: 1 } }], 'Inc');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).code).toBe('key-not-shared');
    expect((error as ModelError).message).toBe('model counter: key(state) gave the state at the end of the trace another fingerprint in a second model object built from the same source');
    expect((error as ModelError).trace).toEqual([{ action: null, state: { n: 1 } }]);
    expect((error as ModelError).hint).toBe(
      'The parallel search builds one model object in each worker, so key(state) must depend on the state alone: no numbering in the order states are met, no cache whose contents change the answer. Fix it, or check with one worker (workers: 1).',
    );
  });

  it('fingerprints as the workers do (the content of the representative, under symmetry), so a sound representative passes', () => {
    // No key: under symmetry the workers fingerprint representative(state) by its content.
    const pair = (): Model<number[], number> => ({
      name: 'pair',
      initial: () => [[0, 0]],
      actions: () => [0, 1],
      next: (s, i) => s.map((v, j) => (j === i ? v + 1 : v)),
      representative: (s) => [...s].sort((a, b) => a - b),
      properties: [],
    });
    const own = new ModelRunner(pair(), true, false, true);
    const witness = new KeyWitness(pair(), true);
    const key = new StateKey();
    for (const s of [[0, 1], [1, 0], [2, 5], [5, 2]]) {
      own.keyInto(key, s, () => [], 0);
      witness.check(s, key.fingerprint[0]!, key.fingerprint[1]!, () => [], 0);
    }
  });

  it('names only key(state) when the model has a representative but the search no symmetry', () => {
    const withRep = new KeyWitness({ ...interned(), representative: (s: N) => s }, false);
    expect(() => withRep.check({ n: 0 }, 0, 0, () => [], 'Inc')).toThrow(/^model counter: key\(state\) gave/);
  });

  it('compares both halves: a fingerprint that differs in its low half only is caught', () => {
    let objects = 0;
    const halves = (): Model<N, 'Inc'> => {
      const low = objects++;
      return counter({ fingerprint: (s, into) => void ((into[0] = s.n), (into[1] = low)) });
    };
    halves(); // the worker's own object writes low half 0; the witness, built next, writes 1
    const witness = new KeyWitness(halves(), false);
    expect(() => witness.check({ n: 3 }, 3, 0, () => [], 'Inc')).toThrow(ModelError);
    expect(() => witness.check({ n: 3 }, 3, 1, () => [], 'Inc')).not.toThrow();
  });

  it('names representative(state) and the model\'s own fingerprint when both make the fingerprint', () => {
    let calls = 0;
    const model = counter({ representative: (s) => s, fingerprint: (_, into) => void ((into[0] = ++calls), (into[1] = 0)) });
    const witness = new KeyWitness(model, true);
    expect(() => witness.check({ n: 0 }, 0, 0, () => [], 'Inc')).toThrow(/^model counter: representative\(state\) with fingerprint\(state\) gave/);
  });

  it('samples: the first 64 checks, then one in 1024', () => {
    let keyed = 0;
    const witness = new KeyWitness(counter({ key: ({ n }) => (keyed++, String(n)) }), false);
    const own = new ModelRunner(counter({ key: ({ n }) => String(n) }), false, false, true);
    const print = printOf(own, { n: 7 });
    for (let i = 0; i < 2048; i++) witness.check({ n: 7 }, ...print, () => [], 'Inc');
    expect(keyed).toBe(64 + 2);
  });
});
