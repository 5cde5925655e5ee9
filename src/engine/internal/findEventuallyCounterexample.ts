import type { StateGraph } from './StateGraph.ts';
import { stronglyConnected } from './stronglyConnected.ts';

/**
 * A path through the explored graph: `ids[0]` is an initial state and `choices[i]` the action
 * index that leads from `ids[i]` to `ids[i + 1]`. For a lasso, the last state equals
 * `ids[loopsBackTo]`, and the steps after `loopsBackTo` are the cycle.
 */
export interface GraphPath {
  ids: number[];
  choices: number[];
  loopsBackTo?: number;
}

/** A fair component's witness requirements: edges its cycle must take, states it must visit. */
interface FairComponent {
  members: number[];
  edges: [from: number, action: number][];
  states: number[];
}

/**
 * Finds a counterexample to `eventually p` in the explored graph: a path from an initial state
 * on which `p` is false in every state and that ends in a terminal state, or a lasso (a stem and
 * a cycle) on which `p` is false throughout and that every fairness constraint allows.
 *
 * `pFalse(id)` says whether `p` is false in state `id`; `fairness[g]` is the kind of fair group
 * `g` (bit `g` of the graph's masks). The stem is a shortest path to the cycle's entry through
 * states where `p` is false; of the candidates, the shortest whole trace is returned, a terminal
 * one on a tie. Returns null when there is none in the explored part of the graph.
 *
 * A lasso is fair when, for every weak group, its cycle takes an action of the group or passes a
 * state where none is enabled, and for every strong group, it takes one or passes no state where
 * one is enabled: the Emerson–Lei check on strongly connected components, recursing into a
 * component without the states where a starved strong group is enabled.
 */
export function findEventuallyCounterexample(
  graph: StateGraph,
  roots: readonly number[],
  pFalse: (id: number) => boolean,
  fairness: readonly ('weak' | 'strong')[],
): GraphPath | null {
  const n = graph.size;
  // Breadth-first search through the states where p is false: shortest stems.
  const dist = new Int32Array(n).fill(-1);
  const pred = new Int32Array(n).fill(-1);
  const predChoice = new Int32Array(n).fill(-1);
  const order: number[] = [];
  for (const r of roots) {
    if (dist[r] === -1 && pFalse(r)) {
      dist[r] = 0;
      order.push(r);
    }
  }
  let terminal = -1;
  for (let q = 0; q < order.length; q++) {
    const u = order[q]!;
    const d = graph.degree(u);
    if (d === 0 && terminal === -1) terminal = u;
    for (let i = 0; i < d; i++) {
      const v = graph.target(u, i);
      if (dist[v] !== -1 || !pFalse(v)) continue;
      dist[v] = dist[u]! + 1;
      pred[v] = u;
      predChoice[v] = i;
      order.push(v);
    }
  }
  const stem = (to: number): GraphPath => {
    const ids: number[] = [];
    const choices: number[] = [];
    for (let cur = to; cur !== -1; cur = pred[cur]!) {
      ids.push(cur);
      if (pred[cur] !== -1) choices.push(predChoice[cur]!);
    }
    return { ids: ids.reverse(), choices: choices.reverse() };
  };

  const inG = (id: number) => dist[id] !== -1;
  const components: FairComponent[] = [];
  for (const scc of stronglyConnected(order, graph, inG)) collectFair(graph, scc, fairness, components);

  let best: GraphPath | null = terminal === -1 ? null : stem(terminal);
  const bestLength = () => (best === null ? Infinity : best.choices.length);
  components.sort((a, b) => minDist(a.members, dist) - minDist(b.members, dist));
  for (const c of components) {
    const entryDist = minDist(c.members, dist);
    if (entryDist >= bestLength()) break;
    const entry = c.members.find((m) => dist[m] === entryDist)!;
    const cycle = cycleThrough(graph, entry, c);
    const lasso = stem(entry);
    if (lasso.choices.length + cycle.choices.length >= bestLength()) continue;
    best = {
      ids: [...lasso.ids, ...cycle.ids.slice(1)],
      choices: [...lasso.choices, ...cycle.choices],
      loopsBackTo: lasso.choices.length,
    };
  }
  return best;
}

function minDist(members: readonly number[], dist: Int32Array): number {
  let m = Infinity;
  for (const id of members) if (dist[id]! < m) m = dist[id]!;
  return m;
}

/** True when the component has a cycle: more than one state, or a state with an edge to itself. */
function hasCycle(graph: StateGraph, members: readonly number[]): boolean {
  if (members.length > 1) return true;
  const u = members[0]!;
  for (let i = 0; i < graph.degree(u); i++) if (graph.target(u, i) === u) return true;
  return false;
}

/** Adds to `out` the fair parts of the strongly connected component `members` (Emerson–Lei). */
function collectFair(graph: StateGraph, members: number[], fairness: readonly ('weak' | 'strong')[], out: FairComponent[]): void {
  if (!hasCycle(graph, members)) return;
  const inside = new Set(members);
  const edges: [number, number][] = [];
  const states: number[] = [];
  for (let g = 0; g < fairness.length; g++) {
    const bit = 1 << g;
    let taken: [number, number] | null = null;
    let enabledSomewhere = false;
    let disabledAt = -1;
    for (const u of members) {
      if (graph.enabledGroups(u) & bit) enabledSomewhere = true;
      else if (disabledAt === -1) disabledAt = u;
      for (let i = 0; taken === null && i < graph.degree(u); i++) {
        if (graph.groupsOf(u, i) & bit && inside.has(graph.target(u, i))) taken = [u, i];
      }
    }
    if (taken !== null) {
      edges.push(taken);
    } else if (fairness[g] === 'weak') {
      if (disabledAt === -1) return; // enabled in every state, never taken: no fair cycle here
      states.push(disabledAt);
    } else if (enabledSomewhere) {
      // Strong: a fair cycle must avoid every state where the starved group is enabled.
      const rest = members.filter((u) => (graph.enabledGroups(u) & bit) === 0);
      const restSet = new Set(rest);
      for (const sub of stronglyConnected(rest, graph, (id) => restSet.has(id))) collectFair(graph, sub, fairness, out);
      return;
    }
  }
  out.push({ members, edges, states });
}

/**
 * A cycle from `entry` back to `entry` inside the component that takes each required edge and
 * visits each required state; at least one step long.
 */
function cycleThrough(graph: StateGraph, entry: number, c: FairComponent): GraphPath {
  const inside = new Set(c.members);
  const ids = [entry];
  const choices: number[] = [];
  const walk = (to: number) => {
    const leg = shortestPath(graph, ids[ids.length - 1]!, to, inside);
    ids.push(...leg.ids.slice(1));
    choices.push(...leg.choices);
  };
  for (const [u, i] of c.edges) {
    walk(u);
    ids.push(graph.target(u, i));
    choices.push(i);
  }
  for (const s of c.states) walk(s);
  walk(entry);
  if (choices.length === 0) {
    // The entry must be left once: take the shortest non-empty way round.
    let found = false;
    for (let i = 0; !found && i < graph.degree(entry); i++) {
      const v = graph.target(entry, i);
      if (!inside.has(v)) continue;
      ids.push(v);
      choices.push(i);
      walk(entry);
      found = true;
    }
  }
  return { ids, choices };
}

/** A shortest path from `from` to `to` through the states of `inside` (which holds both). */
function shortestPath(graph: StateGraph, from: number, to: number, inside: ReadonlySet<number>): GraphPath {
  if (from === to) return { ids: [from], choices: [] };
  const pred = new Map<number, [number, number]>([[from, [-1, -1]]]);
  const queue = [from];
  for (let q = 0; q < queue.length; q++) {
    const u = queue[q]!;
    for (let i = 0; i < graph.degree(u); i++) {
      const v = graph.target(u, i);
      if (!inside.has(v) || pred.has(v)) continue;
      pred.set(v, [u, i]);
      if (v === to) {
        const ids = [to];
        const choices: number[] = [];
        for (let cur = to; cur !== from; ) {
          const [p, c] = pred.get(cur)!;
          choices.push(c);
          ids.push(p);
          cur = p;
        }
        return { ids: ids.reverse(), choices: choices.reverse() };
      }
      queue.push(v);
    }
  }
  throw new Error(`internal: no path from state ${from} to state ${to} inside a strongly connected component`);
}
