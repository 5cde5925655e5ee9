import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { check, eventually, replayOutcome, strongFairness, weakFairness } from '../index.ts';
import type { Fairness, Model } from '../index.ts';

/**
 * A random graph whose actions are named by their target node, a goal set, and fairness groups,
 * each a kind and the set of target nodes whose incoming actions belong to it.
 */
interface LiveGraph {
  nodes: number;
  edges: number[][];
  initial: number[];
  goal: number[];
  groups: { kind: 'weak' | 'strong'; targets: number[] }[];
}

const liveGraphArb = fc.integer({ min: 1, max: 9 }).chain((nodes) =>
  fc.record({
    nodes: fc.constant(nodes),
    edges: fc.array(fc.array(fc.nat({ max: nodes - 1 }), { maxLength: 3 }), { minLength: nodes, maxLength: nodes }),
    initial: fc.uniqueArray(fc.nat({ max: nodes - 1 }), { minLength: 1, maxLength: 2 }),
    goal: fc.uniqueArray(fc.nat({ max: nodes - 1 }), { maxLength: 3 }),
    groups: fc.array(
      fc.record({ kind: fc.constantFrom('weak' as const, 'strong' as const), targets: fc.uniqueArray(fc.nat({ max: nodes - 1 }), { minLength: 1, maxLength: 3 }) }),
      { maxLength: 2 },
    ),
  }),
);

const asModel = (g: LiveGraph): Model<{ at: number }, number> => ({
  name: 'live-graph',
  initial: () => g.initial.map((at) => ({ at })),
  actions: ({ at }) => g.edges[at]!,
  next: (_, to) => ({ at: to }),
  properties: [eventually('reaches the goal', ({ at }) => g.goal.includes(at))],
  fairness: g.groups.map(({ kind, targets }, i): Fairness<number> =>
    (kind === 'weak' ? weakFairness : strongFairness)(`group ${i}`, (to: number) => targets.includes(to)),
  ),
});

/**
 * Independent oracle, by brute force: `eventually goal` fails exactly when, among the non-goal
 * nodes reachable from a non-goal initial node through non-goal nodes, there is a terminal node,
 * or a subset C that is strongly connected through its own edges (with at least one edge) and
 * fair: for every group, an edge inside C belongs to it, or (weak) some node of C enables none
 * of it, or (strong) no node of C enables any of it.
 */
function oracleViolated(g: LiveGraph): boolean {
  const bad = (n: number) => !g.goal.includes(n);
  const reach = new Set<number>();
  const stack = g.initial.filter(bad);
  stack.forEach((n) => reach.add(n));
  while (stack.length > 0) {
    for (const m of g.edges[stack.pop()!]!) if (bad(m) && !reach.has(m)) (reach.add(m), stack.push(m));
  }
  if ([...reach].some((n) => g.edges[n]!.length === 0)) return true;
  const nodes = [...reach];
  for (let mask = 1; mask < 1 << nodes.length; mask++) {
    const c = nodes.filter((_, i) => mask & (1 << i));
    const inC = (n: number) => c.includes(n);
    const inner = c.flatMap((u) => g.edges[u]!.filter(inC).map((v) => [u, v] as const));
    if (inner.length === 0) continue;
    const reaches = (from: number) => {
      const seen = new Set([from]);
      const todo = [from];
      while (todo.length > 0) for (const v of g.edges[todo.pop()!]!) if (inC(v) && !seen.has(v)) (seen.add(v), todo.push(v));
      return seen;
    };
    if (!c.every((u) => c.every((v) => reaches(u).has(v)))) continue;
    const fair = g.groups.every(({ kind, targets }) => {
      if (inner.some(([, v]) => targets.includes(v))) return true;
      const enables = (u: number) => g.edges[u]!.some((v) => targets.includes(v));
      return kind === 'weak' ? c.some((u) => !enables(u)) : c.every((u) => !enables(u));
    });
    if (fair) return true;
  }
  return false;
}

describe('eventually against a brute-force oracle, with weak and strong fairness', () => {
  test.prop([liveGraphArb], { numRuns: 300 })('violated exactly when the oracle finds a fair lasso or a bad terminal path', (g) => {
    const model = asModel(g);
    const result = check(model);
    const violated = oracleViolated(g);
    expect(result.status).toBe(violated ? 'violated' : 'ok');
    if (!violated) return;
    const v = result.violations[0]!;
    // The counterexample is a real path with the goal false all along, ending in a terminal
    // state or closing its loop, and it replays to the same verdict.
    expect(v.trace.every((s) => !g.goal.includes(s.state.at))).toBe(true);
    const last = v.trace.at(-1)!.state.at;
    if (v.loopsBackTo === undefined) expect(g.edges[last]).toEqual([]);
    else {
      expect(v.trace[v.loopsBackTo]!.state.at).toBe(last);
      // The cycle itself is fair: each group is taken in it, or not enabled throughout it
      // (weak), or nowhere in it (strong).
      const cycle = v.trace.slice(v.loopsBackTo + 1);
      const states = cycle.map((s) => s.state.at);
      for (const { kind, targets } of g.groups) {
        const taken = cycle.some((s) => targets.includes(s.action!));
        const enables = (u: number) => g.edges[u]!.some((to) => targets.includes(to));
        expect(taken || (kind === 'weak' ? states.some((u) => !enables(u)) : states.every((u) => !enables(u)))).toBe(true);
      }
    }
    expect(replayOutcome(model, v.replay).violated.map((x) => x.property)).toEqual(['reaches the goal']);
  });
});

describe('eventually in random mode against the same oracle', () => {
  test.prop([liveGraphArb], { numRuns: 150 })('every violation random mode reports is real, with a fair cycle', (g) => {
    const model = asModel(g);
    const result = check(model, { mode: 'random', seed: 1, runs: 30, maxSteps: 12 });
    if (result.violations.length === 0) return;
    expect(oracleViolated(g)).toBe(true);
    const v = result.violations[0]!;
    expect(v.trace.every((s) => !g.goal.includes(s.state.at))).toBe(true);
    expect(replayOutcome(model, v.replay).violated.map((x) => x.property)).toEqual(['reaches the goal']);
  });
});
