import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { always, atQuiescence, check, replay } from '../index.ts';
import type { Model } from '../index.ts';

/** A random finite directed graph: node i has edges to `edges[i]`, in that (deterministic) order. */
interface Graph {
  nodes: number;
  edges: number[][];
  initial: number[];
  bad: number[];
}

const graphArb = fc.integer({ min: 1, max: 14 }).chain((nodes) =>
  fc.record({
    nodes: fc.constant(nodes),
    edges: fc.array(fc.array(fc.nat({ max: nodes - 1 }), { maxLength: 4 }), { minLength: nodes, maxLength: nodes }),
    initial: fc.uniqueArray(fc.nat({ max: nodes - 1 }), { minLength: 1, maxLength: 3 }),
    bad: fc.uniqueArray(fc.nat({ max: nodes - 1 }), { maxLength: 3 }),
  }),
);

const asModel = (g: Graph, withProperty: 'always' | 'atQuiescence' | 'none'): Model<{ at: number }, number> => ({
  name: 'graph',
  initial: () => g.initial.map((at) => ({ at })),
  actions: ({ at }) => g.edges[at]!.map((_, i) => i),
  next: ({ at }, i) => ({ at: g.edges[at]![i]! }),
  properties:
    withProperty === 'always'
      ? [always('never bad', ({ at }) => !g.bad.includes(at))]
      : withProperty === 'atQuiescence'
        ? [atQuiescence('ends good', ({ at }) => !g.bad.includes(at))]
        : [],
});

/** Independent oracle: plain BFS distances from the initial nodes. */
function distances(g: Graph): Map<number, number> {
  const dist = new Map<number, number>();
  let layer = [...new Set(g.initial)];
  layer.forEach((n) => dist.set(n, 0));
  for (let d = 1; layer.length > 0; d++) {
    const next: number[] = [];
    for (const n of layer) {
      for (const m of g.edges[n]!) {
        if (!dist.has(m)) {
          dist.set(m, d);
          next.push(m);
        }
      }
    }
    layer = next;
  }
  return dist;
}

describe('exhaustive mode against an independent BFS oracle', () => {
  test.prop([graphArb])('visits exactly the reachable set', (g) => {
    const result = check(asModel(g, 'none'));
    expect(result.status).toBe('ok');
    expect(result.stats.states).toBe(distances(g).size);
  });

  test.prop([graphArb])('always: counterexample length equals the oracle distance to the nearest bad node', (g) => {
    const dist = distances(g);
    const badDistances = g.bad.filter((n) => dist.has(n)).map((n) => dist.get(n)!);
    const result = check(asModel(g, 'always'));
    if (badDistances.length === 0) {
      expect(result.status).toBe('ok');
      return;
    }
    expect(result.status).toBe('violated');
    const v = result.violations[0]!;
    expect(v.trace.length - 1).toBe(Math.min(...badDistances));
    expect(g.bad).toContain(v.trace.at(-1)!.state.at);
    expect(replay(asModel(g, 'always'), v.replay)).toEqual(v.trace);
  });

  test.prop([graphArb])('atQuiescence: fails exactly when a reachable terminal node is bad, at the shortest distance', (g) => {
    const dist = distances(g);
    const badTerminals = [...dist].filter(([n]) => g.edges[n]!.length === 0 && g.bad.includes(n)).map(([, d]) => d);
    const result = check(asModel(g, 'atQuiescence'));
    if (badTerminals.length === 0) {
      expect(result.status).toBe('ok');
      return;
    }
    expect(result.violations[0]!.trace.length - 1).toBe(Math.min(...badTerminals));
  });
});
