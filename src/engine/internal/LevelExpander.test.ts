import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { Model } from '../Model.ts';
import { always, atQuiescence } from '../Property.ts';
import { LevelExpander } from './LevelExpander.ts';
import { ModelRunner } from './ModelRunner.ts';
import { Control, controlBuffer, type WorkerReport } from './parallelWorker.ts';
import { OVER_BOUND, SharedVisited } from './SharedVisited.ts';
import { StateKey } from './VisitedStates.ts';

// One worker's expansion of a level, run here in the test's thread, the test playing the main
// thread and the other workers: what no search with real threads can make happen on demand (a
// worker's own deadline, which the main thread's stop always beats; a state another worker
// claimed past the bound a moment before this one meets it).

type N = { n: number };

/** `width` initial states {n: 0} … {n: width - 1}, each with one step to {n: n + width}, terminal. */
function wide(width: number): Model<N, 'Step'> {
  return {
    name: `wide-${width}`,
    initial: () => Array.from({ length: width }, (_, n) => ({ n })),
    actions: (s) => (s.n < width ? ['Step'] : []),
    next: (s) => ({ n: s.n + width }),
    properties: [always('small', (s) => s.n < 10 * width)],
  };
}

const ports: MessageChannel[] = [];
afterEach(() => {
  for (const p of ports.splice(0)) (p.port1.close(), p.port2.close());
});

/** Worker `index`'s expander over `visited` and `control`, as a worker thread builds it. */
function newExpander<S, A>(model: Model<S, A>, visited: SharedVisited, control: Int32Array, index = 0, limits: { deadline?: number; timeoutMs?: number } = {}) {
  const channel = new MessageChannel();
  ports.push(channel);
  return new LevelExpander(model, {
    index,
    source: { module: 'unused', export: 'unused' },
    visited: visited.buffers,
    control: control.buffer as SharedArrayBuffer,
    port: channel.port2,
    symmetry: false,
    reduction: false,
    subsumption: false,
    maxDepth: Infinity,
    deadline: limits.deadline ?? null,
    timeoutMs: limits.timeoutMs ?? Infinity,
    maxMemoryMb: 1 << 20,
  }, control);
}

/** The ids of the initial states, claimed in `visited` as the main thread claims them. */
function claimInitial<S, A>(expander: LevelExpander<S, A>, visited: SharedVisited): number[] {
  const prints = expander.initialFingerprints();
  const ids: number[] = [];
  for (let i = 0; i < prints.length / 2; i++) ids.push(visited.claim(prints[2 * i]!, prints[2 * i + 1]!, -1, i, 255));
  return ids;
}

/** A worker's expander over `visited`, with the initial states claimed as the main thread claims them; their ids. */
function expanderOf<S, A>(model: Model<S, A>, visited: SharedVisited, limits: { deadline?: number; timeoutMs?: number } = {}) {
  const control = controlBuffer(1);
  const expander = newExpander(model, visited, control, 0, limits);
  return { expander, control, ids: claimInitial(expander, visited) };
}

/** The fingerprint the engine gives `state` of `model`. */
function fingerprintOf<S, A>(model: Model<S, A>, state: S): [number, number] {
  const key = new StateKey();
  new ModelRunner(model, false, false, true).keyInto(key, state, () => []);
  return [key.fingerprint[0]!, key.fingerprint[1]!];
}

describe('LevelExpander: a worker\'s own deadline', () => {
  it('past when the level starts: the worker stops itself at its 1,024th state, names the limit, and raises the stop flag', () => {
    const visited = SharedVisited.create(10_000);
    const { expander, control, ids } = expanderOf(wide(2048), visited, { deadline: 0, timeoutMs: 7 });
    const report = expander.expand({ depth: 0, adopt: ids, drop: 0, skip: [], nextDepthStart: 0 });
    // The deadline is read every 1,024 states, before the state is expanded: 1,023 were.
    expect(report).toMatchObject({ type: 'round', transitions: 1023, discovered: 1023, reason: 'time limit of 7 ms reached at depth 0' });
    expect(Atomics.load(control, Control.Stop)).toBe(1);
  });

  it('not yet passed: the whole level is expanded, with no reason', () => {
    const visited = SharedVisited.create(10_000);
    const { expander, control, ids } = expanderOf(wide(2048), visited, { deadline: Date.now() + 3_600_000, timeoutMs: 3_600_000 });
    const report = expander.expand({ depth: 0, adopt: ids, drop: 0, skip: [], nextDepthStart: 0 }) as Extract<WorkerReport, { type: 'round' }>;
    expect(report).toMatchObject({ type: 'round', transitions: 2048, discovered: 2048 });
    expect(report.reason).toBeUndefined();
    expect(Atomics.load(control, Control.Stop)).toBe(0);
  });
});

describe('LevelExpander: a successor another worker claimed past the state bound', () => {
  it('is not new and has no path: the level ends without a revisit check against it, and the bound is left to the worker that met it', () => {
    const model = wide(1);
    // Room for two states: the initial {n: 0}, and one another worker claimed; its next claim,
    // {n: 1}, is past the bound (published with an id of its own, and no parent or action).
    const visited = SharedVisited.create(2);
    const { expander, control, ids } = expanderOf(model, visited);
    expect(ids).toEqual([0]);
    expect(visited.claim(12345, 678, 0, 0, 1)).toBe(1);
    const [hi, lo] = fingerprintOf(model, { n: 1 });
    expect(visited.claim(hi, lo, 0, 0, 1)).toBe(OVER_BOUND);
    // The revisit of {n: 1} is the first this worker meets, so it is sampled: it must not follow
    // the missing path of id 2 (past the ids kept), which leads to no state at all.
    const report = expander.expand({ depth: 0, adopt: ids, drop: 0, skip: [], nextDepthStart: 0 }) as Extract<WorkerReport, { type: 'round' }>;
    expect(report).toMatchObject({ type: 'round', transitions: 1, discovered: 0, candidates: [] });
    expect(report.reason).toBeUndefined();
    expect(Atomics.load(control, Control.Stop)).toBe(0);
    expect(visited.claim(hi, lo, 0, 0, 0)).toBe(-1);
    expect(visited.seen).toBe(2);
  });
});

describe('LevelExpander: runs taken from another worker\'s level', () => {
  /**
   * `wide(width)` two steps deep ({n} to {n + width} while n < 2·width), with a codec whose words
   * mean the same in every worker, so that levels can be shared.
   */
  const packedWide = (width: number): Model<N, 'Step'> => ({
    ...wide(width),
    actions: (s) => (s.n < 2 * width ? ['Step'] : []),
    codec: { words: 1, pack: (s, into, at) => void (into[at] = s.n), unpack: (from, at) => ({ n: from[at]! }) },
  });
  type Round = Extract<WorkerReport, { type: 'round' }>;

  /**
   * Two workers' expanders over one table and one control buffer, the test playing the main
   * thread: worker 1 is given every initial state and expands them (depth 0), so that the level
   * of depth 1 is all in worker 1's frontier, sent as its packed level.
   */
  function twoWorkers(width: number, model = packedWide(width)) {
    const visited = SharedVisited.create(10_000);
    const control = controlBuffer(2);
    const expanders = [0, 1].map((index) => newExpander(model, visited, control, index));
    const ids = claimInitial(expanders[1]!, visited);
    const first = [expanders[0]!.expand({ depth: 0, adopt: [], drop: 0, skip: [], nextDepthStart: ids.length }), expanders[1]!.expand({ depth: 0, adopt: ids, drop: 0, skip: [], nextDepthStart: ids.length })] as Round[];
    return { visited, control, expanders, levels: first.map((r) => r.packed), sizes: first.map((r) => r.frontier), levelEnd: visited.size };
  }

  it('a worker with nothing of its own expands the other\'s states, each once, and finds what one worker finds', () => {
    const { visited, control, expanders, levels, sizes, levelEnd } = twoWorkers(100);
    expect(sizes).toEqual([0, 100]);
    expect(levels[1]!.length).toBe(100);
    for (let w = 0; w < 2; w++) Atomics.store(control, Control.Cursors + w, 0);
    const order = { depth: 1, adopt: [], drop: 0, skip: [], nextDepthStart: levelEnd, steal: levels, stealable: sizes };
    // Worker 0 runs first and takes the whole level; worker 1 then finds its cursor at the end.
    const thief = expanders[0]!.expand(order) as Round;
    const owner = expanders[1]!.expand(order) as Round;
    expect(thief).toMatchObject({ transitions: 100, discovered: 100 });
    expect(owner).toMatchObject({ transitions: 0, discovered: 0 });
    // Depth 2 ({n: 200} … {n: 299}) is all in the thief's next level, each state claimed once.
    expect(visited.size).toBe(300);
    expect(thief.packed!.ids.slice(0, 100)).toEqual(Int32Array.from({ length: 100 }, (_, i) => 200 + i));
  });

  it('takes nothing past what the other may give away: the rest is the other\'s own to expand', () => {
    const width = 100;
    const { control, expanders, levels, sizes, levelEnd } = twoWorkers(width);
    for (let w = 0; w < 2; w++) Atomics.store(control, Control.Cursors + w, 0);
    // Worker 1 may give away its first 37 states only (say it gives up none and took others over
    // after them: those are its own to expand).
    const order = { depth: 1, adopt: [], drop: 0, skip: [], nextDepthStart: levelEnd, steal: levels, stealable: [0, 37] };
    const thief = expanders[0]!.expand(order) as Round;
    const owner = expanders[1]!.expand(order) as Round;
    expect(sizes[1]).toBe(width);
    expect(thief.transitions).toBe(37);
    expect(owner.transitions).toBe(width - 37);
  });

  it('without levels to take from, each worker expands its own share only', () => {
    const { control, expanders, sizes, levelEnd } = twoWorkers(100);
    for (let w = 0; w < 2; w++) Atomics.store(control, Control.Cursors + w, 0);
    const order = { depth: 1, adopt: [], drop: 0, skip: [], nextDepthStart: levelEnd };
    expect((expanders[0]!.expand(order) as Round).transitions).toBe(0);
    expect((expanders[1]!.expand(order) as Round).transitions).toBe(sizes[1]);
  });

  it('a run claimed where the owner\'s cursor stands ends at what the owner may give away, not a run further', () => {
    const { control, expanders, levels, sizes, levelEnd } = twoWorkers(100);
    // The test plays the owner having claimed its first two runs (states 0 to 31) already.
    Atomics.store(control, Control.Cursors + 0, 0);
    Atomics.store(control, Control.Cursors + 1, 32);
    const order = { depth: 1, adopt: [], drop: 0, skip: [], nextDepthStart: levelEnd, steal: levels, stealable: [0, 37] };
    expect((expanders[0]!.expand(order) as Round).transitions).toBe(5);
    expect((expanders[1]!.expand(order) as Round).transitions).toBe(sizes[1]! - 37);
  });

  it('states taken over at the start of the depth are the taker\'s to expand, never the giver\'s, and runs are taken beside them', () => {
    const { visited, control, expanders, levels, sizes, levelEnd } = twoWorkers(100);
    for (let w = 0; w < 2; w++) Atomics.store(control, Control.Cursors + w, 0);
    // Worker 0 sent an empty level; it takes worker 1's last ten states over (copied from the
    // level worker 1 sent), which worker 1 gives up, and may take runs of worker 1's first 90.
    const last = Array.from(levels[1]!.ids.subarray(90, 100));
    const steal = { skip: [], nextDepthStart: levelEnd, steal: levels, stealable: [0, 90] };
    const taker = expanders[0]!.expand({ depth: 1, adopt: last, from: levels, drop: 0, ...steal }) as Round;
    const giver = expanders[1]!.expand({ depth: 1, adopt: [], drop: 10, ...steal }) as Round;
    expect(sizes[1]).toBe(100);
    expect(taker).toMatchObject({ transitions: 100, discovered: 100 });
    expect(giver).toMatchObject({ transitions: 0, discovered: 0 });
    expect(visited.size).toBe(300);
  });

  it('a state taken from another\'s level keeps the fingerprint that worker sent: a terminal one is a candidate by it', () => {
    // Depth 1 is terminal here ({n} to {n + width} for n < width only), and no terminal state is
    // wanted: each is a violation, and the least fingerprint among them is the candidate.
    const width = 50;
    const model = { ...packedWide(width), actions: (s: N) => (s.n < width ? ['Step' as const] : []), properties: [atQuiescence<N>('never-quiet', () => false)] };
    const { control, expanders, levels, sizes, levelEnd } = twoWorkers(width, model);
    for (let w = 0; w < 2; w++) Atomics.store(control, Control.Cursors + w, 0);
    const order = { depth: 1, adopt: [], drop: 0, skip: [], nextDepthStart: levelEnd, steal: levels, stealable: sizes };
    const thief = expanders[0]!.expand(order) as Round;
    const prints = Array.from({ length: width }, (_, i) => fingerprintOf(model, { n: width + i }));
    const least = prints.reduce((a, b) => (a[0] >>> 0 < b[0] >>> 0 || (a[0] === b[0] && a[1] >>> 0 < b[1] >>> 0) ? a : b));
    expect(thief.candidates).toEqual([expect.objectContaining({ property: 'never-quiet', depth: 1, hi: least[0], lo: least[1] })]);
  });
});
