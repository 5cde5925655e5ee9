import type { StateGraph } from './StateGraph.ts';

/**
 * The strongly connected components of the subgraph of `graph` induced by the states `nodes`
 * (`inside(id)` true exactly for them), by Tarjan's algorithm without recursion, so that a
 * component of millions of states cannot overflow the stack. Components come out in reverse
 * topological order; each lists its states.
 */
export function stronglyConnected(nodes: readonly number[], graph: StateGraph, inside: (id: number) => boolean): number[][] {
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  const out: number[][] = [];
  let counter = 0;
  // Each frame: the state and the next action index to look at.
  const frames: [number, number][] = [];
  for (const root of nodes) {
    if (index.has(root)) continue;
    frames.push([root, 0]);
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const [u, i] = frame;
      const degree = Math.max(0, graph.degree(u));
      if (i < degree) {
        frame[1] = i + 1;
        const v = graph.target(u, i);
        if (!inside(v)) continue;
        if (!index.has(v)) {
          index.set(v, counter);
          low.set(v, counter++);
          stack.push(v);
          onStack.add(v);
          frames.push([v, 0]);
        } else if (onStack.has(v)) {
          low.set(u, Math.min(low.get(u)!, index.get(v)!));
        }
        continue;
      }
      frames.pop();
      if (frames.length > 0) {
        const parent = frames[frames.length - 1]![0];
        low.set(parent, Math.min(low.get(parent)!, low.get(u)!));
      }
      if (low.get(u) === index.get(u)) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== u);
        out.push(component);
      }
    }
  }
  return out;
}
