import type { StateGraph } from './StateGraph.ts';

/**
 * The strongly connected components of the subgraph of `graph` induced by the states `nodes`
 * (`inside(id)` true exactly for them), by Tarjan's algorithm without recursion, so that a
 * component of millions of states cannot overflow the stack. Components come out in reverse
 * topological order; each lists its states.
 */
export function stronglyConnected(nodes: readonly number[], graph: StateGraph, inside: (id: number) => boolean): number[][] {
  // Indexed by state id: typed arrays, since the top-level call covers most of the graph.
  const index = new Int32Array(graph.size).fill(-1);
  const low = new Int32Array(graph.size);
  const onStack = new Uint8Array(graph.size);
  const stack: number[] = [];
  const out: number[][] = [];
  let counter = 0;
  // Each frame: the state and the next action index to look at.
  const frames: [number, number][] = [];
  for (const root of nodes) {
    if (index[root] !== -1) continue;
    frames.push([root, 0]);
    index[root] = counter;
    low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const [u, i] = frame;
      const degree = Math.max(0, graph.degree(u));
      if (i < degree) {
        frame[1] = i + 1;
        const v = graph.target(u, i);
        if (!inside(v)) continue;
        if (index[v] === -1) {
          index[v] = counter;
          low[v] = counter++;
          stack.push(v);
          onStack[v] = 1;
          frames.push([v, 0]);
        } else if (onStack[v] === 1) {
          low[u] = Math.min(low[u]!, index[v]!);
        }
        continue;
      }
      frames.pop();
      if (frames.length > 0) {
        const parent = frames[frames.length - 1]![0];
        low[parent] = Math.min(low[parent]!, low[u]!);
      }
      if (low[u] === index[u]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          component.push(w);
        } while (w !== u);
        out.push(component);
      }
    }
  }
  return out;
}
