import { describe, expect, it } from 'vitest';
import { StateGraph } from './StateGraph.ts';
import { stronglyConnected } from './stronglyConnected.ts';

/** A graph from adjacency lists: `edges[id]` lists the targets of id's actions; null = never expanded. */
function build(edges: (number[] | null)[], groups: (number[] | null)[] = []): StateGraph {
  const g = new StateGraph();
  edges.forEach((_, id) => g.addState(id));
  edges.forEach((targets, id) => {
    if (targets) g.expand(id, targets, groups[id] ?? targets.map(() => 0));
  });
  return g;
}

describe('StateGraph', () => {
  it('knows the successors of an expanded state, and nothing of one never expanded', () => {
    const g = build([[1, 2], [], null]);
    expect(g.size).toBe(3);
    expect([g.expanded(0), g.expanded(1), g.expanded(2)]).toEqual([true, true, false]);
    expect([g.degree(0), g.degree(1), g.degree(2)]).toEqual([2, 0, -1]);
    expect([g.target(0, 0), g.target(0, 1)]).toEqual([1, 2]);
  });

  it('keeps each action’s fair groups, and the union of them per state', () => {
    const g = build([[1, 1], [0]], [[0b01, 0b10], [0]]);
    expect([g.groupsOf(0, 0), g.groupsOf(0, 1), g.groupsOf(1, 0)]).toEqual([0b01, 0b10, 0]);
    expect([g.enabledGroups(0), g.enabledGroups(1)]).toEqual([0b11, 0]);
  });
});

describe('stronglyConnected', () => {
  const sorted = (components: number[][]) => components.map((c) => [...c].sort()).sort((a, b) => a[0]! - b[0]!);

  it('puts each state in exactly one component, whatever order the roots come in', () => {
    // 0 ⇄ 1, 2 → 0, 3 → 3.
    const g = build([[1], [0], [0], [3]]);
    for (const roots of [[0, 1, 2, 3], [1, 0, 3, 2], [3, 2, 1, 0]]) {
      expect(sorted(stronglyConnected(roots, g, () => true))).toEqual([[0, 1], [2], [3]]);
    }
  });

  it('sees only the states inside, and emits components sinks first', () => {
    // 0 → 1 → 2 → 1; without 2, 1 is a component of its own.
    const g = build([[1], [2], [1]]);
    expect(stronglyConnected([0, 1, 2], g, () => true)).toEqual([[2, 1], [0]]);
    expect(stronglyConnected([0, 1], g, (id) => id !== 2)).toEqual([[1], [0]]);
  });
});
