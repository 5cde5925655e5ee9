import { describe, expect, it } from 'vitest';
import { check } from './check.ts';
import { modelSource } from './ModelSource.ts';
import { replay } from './replay.ts';
import { cubePrint, symmetricCube } from './fixtures/parallelModels.ts';

/**
 * The parallel search's paths under symmetry, on a model whose states are handed from one worker
 * to another (`symmetricCube`: wide levels, and a fan of leaps next to the far corner). Each state
 * keeps the member of its class that reached it first, and its least parent beside the tree
 * (`SharedVisited.relead`): the path shown goes through the least parents, and the states handed
 * over are rebuilt along the tree, as the members their claimers expanded. Moving the tree's steps
 * to the least parents instead (as without symmetry) rebuilds other members, whose leaps land in
 * other classes: the taker's check of what it rebuilt fails.
 */
const n = 10;
const fan = 64;
const source = modelSource(new URL('./fixtures/parallelModels.ts', import.meta.url), 'symmetricCube', n, fan);
type Cube = [number, number, number];

const classOf = (s: Cube): Cube => [Math.min(s[0], s[1]), Math.max(s[0], s[1]), s[2]];
const same = (a: Cube, b: Cube) => a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
const print = ([a, b, z]: Cube) => {
  const into = new Int32Array(2);
  cubePrint(a, b, z, into);
  return [into[0]! >>> 0, into[1]! >>> 0] as const;
};

/**
 * The trace the search must show to the far corner, worked out here without the engine: each
 * class's parent is the least of the classes of the level above that step into it (by
 * fingerprint, unsigned, high half first), and the trace follows them from (0,0,0) by the first
 * action of each state into the next class.
 */
function leastTrace(): Cube[] {
  const classes: Cube[] = [[n, n, n]];
  for (let c = classes[0]!; c[0] + c[1] + c[2] > 0; c = classes[0]!) {
    const [a, b, z] = c;
    const parents: Cube[] = [];
    if (a > 0) parents.push([a - 1, b, z]);
    if (b > 0) parents.push(classOf([a, b - 1, z]));
    if (z > 0) parents.push([a, b, z - 1]);
    const least = parents.sort((p, q) => {
      const [ph, pl] = print(p);
      const [qh, ql] = print(q);
      return ph !== qh ? ph - qh : pl - ql;
    })[0]!;
    classes.unshift(least);
  }
  const trace: Cube[] = [[0, 0, 0]];
  for (const into of classes.slice(1)) {
    const at = trace[trace.length - 1]!;
    // The raises in `symmetricCube`'s order: x first where z is even, y first where it is odd.
    const raises = at[2] % 2 === 0 ? [0, 1, 2] : [1, 0, 2];
    const successors = raises.filter((i) => at[i]! < n).map((i) => at.map((v, j) => (j === i ? v + 1 : v)) as Cube);
    trace.push(successors.find((s) => same(classOf(s), into))!);
  }
  return trace;
}

describe('check with workers under symmetry: paths through states handed over', () => {
  it('the counterexample goes through the least parents, on every run and with 2 or 3 workers', () => {
    const expected = leastTrace();
    expect(expected).toHaveLength(3 * n + 1);
    for (const workers of [2, 3, 2, 3]) {
      const r = check(symmetricCube(n, fan), { symmetry: true, workers, source });
      expect(r.violations.map((v) => v.property)).toEqual(['not in the far corner']);
      expect(r.violations[0]!.trace.map((s) => s.state)).toEqual(expected);
      expect(replay(symmetricCube(n, fan), r.violations[0]!.replay).map((s) => s.state)).toEqual(expected);
    }
  }, 120_000);

  it('every class explored, as with one worker: the states handed over are the members their claimers kept', () => {
    const classes = ((n + 1) * (n + 2) / 2) * (n + 1) + 2 * fan;
    const one = check(symmetricCube(n, fan), { symmetry: true, exploreAll: true });
    expect(one.stats.states).toBe(classes);
    for (const workers of [2, 3]) {
      const many = check(symmetricCube(n, fan), { symmetry: true, exploreAll: true, workers, source });
      expect([many.stats.states, many.stats.transitions, many.stats.maxDepth]).toEqual([classes, one.stats.transitions, 3 * n]);
      expect(many.violations.map((v) => v.property)).toEqual(['not in the far corner']);
    }
  }, 120_000);
});
