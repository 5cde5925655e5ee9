import type { CheckResult, TraceStep, Violation } from './CheckResult.ts';
import { InvalidOptionError, NondeterminismError } from './CheckerError.ts';
import type { Model } from './Model.ts';
import type { Property } from './Property.ts';
import type { ResolvedOptions } from './resolveOptions.ts';
import { encodeReplay } from './replayString.ts';
import { shouldSample } from './internal/ContractChecks.ts';
import { FairGroups } from './internal/FairGroups.ts';
import { findEventuallyCounterexample, type GraphPath } from './internal/findEventuallyCounterexample.ts';
import { followPath, PathBroken, REPLAY_DIVERGED_HINT } from './internal/followPath.ts';
import { GrowableInts } from './internal/GrowableInts.ts';
import { StateGraph } from './internal/StateGraph.ts';
import { StateKey, visitedStates } from './internal/VisitedStates.ts';
import { ModelRunner } from './internal/ModelRunner.ts';
import { heapInUseMb, liveHeapMb } from './internal/liveHeapMb.ts';
import { FrontierSlicer, shareOnly } from './internal/FrontierSlicer.ts';
import { type Frontier, ObjectFrontier, PackedFrontier } from './internal/Frontier.ts';
import { PropertyTracker } from './internal/PropertyTracker.ts';
import { Reducer } from './internal/Reducer.ts';
import type { ReductionStats, SubsumptionStats } from './CheckResult.ts';
import { Subsumer } from './internal/Subsumer.ts';


/**
 * Breadth-first exploration of every reachable state, each visited once (deduplicated by key).
 *
 * - Memory: per state only its key, parent id and the index of the action that reached it;
 *   traces are rebuilt on demand by replaying those indices from the initial state.
 * - Shortest counterexamples: BFS discovers each state at its minimal depth.
 * - Never a false `ok`: hitting `maxStates`, `maxDepth`, `timeoutMs` or `maxMemoryMb` with work left gives
 *   `incomplete`; so does any `sometimes` left unwitnessed by an incomplete run.
 *
 * - With `reduction: 'por'`, a state may be expanded by an ample set, a subset of its enabled
 *   actions (`internal/AmpleSets.ts`), under the BFS cycle proviso: a reduced set is used only
 *   when every state it leads to is new or first found at the next depth, else the state is
 *   expanded fully (`internal/Reducer.ts`). Counterexamples are
 *   then real traces, but not necessarily shortest.
 *
 * Throws `ModelError` (or `NondeterminismError`) when the model misbehaves. Does not mutate the model.
 */
export function checkExhaustive<S, A>(model: Model<S, A>, opts: ResolvedOptions): CheckResult<S, A> {
  const started = Date.now();
  const tracker = new PropertyTracker(model.properties);
  // Liveness (`eventually`) is decided on the explored graph after the search, so the graph is
  // kept, with each eventually property's truth per state, only when there is one to decide.
  const live = tracker.eventually.length > 0;
  // With subsumption (off for liveness, below), states are keyed by their base and budgets (`BudgetKeys`).
  const runner = new ModelRunner(model, opts.symmetry, opts.exactKeys, false, opts.subsumption && !live);
  const violations: Violation<S, A>[] = [];

  const visited = visitedStates(opts.exactKeys ? 'exact' : 'fingerprints');
  /** The key of the state being looked up, written in place (`ModelRunner.keyInto`). */
  const key = new StateKey();

  /** The search tree's path to `id`: the states from its root, and the action taken at each. */
  const pathTo = (id: number): GraphPath => {
    const ids = [id];
    const choices: number[] = [];
    for (let cur = id; visited.parent(cur) >= 0; cur = visited.parent(cur)) {
      choices.push(visited.via(cur));
      ids.push(visited.parent(cur));
    }
    return { ids: ids.reverse(), choices: choices.reverse() };
  };
  const traceTo = (id: number): TraceStep<S, A>[] => traceAlong(pathTo(id));
  /** Replays `path` from its initial state, checking that each step reaches the state it reached during the search. */
  const traceAlong = ({ ids, choices }: GraphPath): TraceStep<S, A>[] => {
    const replayed = new StateKey();
    const result = followPath(runner, visited.via(ids[0]!), choices, (step, state, trace, action) => {
      runner.keyInto(replayed, state, () => trace.slice(), action);
      if (!visited.matches(ids[step]!, replayed)) {
        throw new NondeterminismError(
          'nondeterministic-model',
          `model ${model.name} is not deterministic: replaying step ${step} reached a different state than during exploration`,
          REPLAY_DIVERGED_HINT,
          trace.slice(),
        );
      }
    });
    if (result instanceof PathBroken) throw result.nondeterminism(model.name);
    return result;
  };
  let firstViolationMs: number | undefined;
  const violation = (p: Property<S>, id: number): Violation<S, A> => violationAlong(p, pathTo(id));
  const violationAlong = (p: Property<S>, path: GraphPath): Violation<S, A> => {
    firstViolationMs ??= Date.now() - started;
    const trace = traceAlong(path);
    const last = trace[trace.length - 1]!.state;
    const fingerprint = runner.fingerprint(last, () => trace as TraceStep<unknown, unknown>[]);
    const { loopsBackTo } = path;
    const replay = encodeReplay({ model: model.name, version: model.version ?? '1', init: visited.via(path.ids[0]!), choices: path.choices, fingerprint, loopsBackTo });
    const reason = runner.explain(p, last);
    return {
      property: p.name,
      kind: p.kind,
      trace,
      replay,
      ...(loopsBackTo === undefined ? {} : { loopsBackTo }),
      ...(reason === undefined ? {} : { reason }),
    };
  };
  // The trace to the state being discovered, and to the one being expanded, built only when a
  // model error needs it. Two closures over mutable ids, rather than one closure per state.
  let discoveredId = -1;
  let expandedId = -1;
  const discoveredTrace = () => traceTo(discoveredId) as TraceStep<unknown, unknown>[];
  const expandedTrace = () => traceTo(expandedId) as TraceStep<unknown, unknown>[];

  if (live && opts.symmetry) {
    throw new InvalidOptionError(
      `model ${model.name} has eventually properties (${tracker.eventually.map((p) => p.name).join(', ')}), and symmetry reduction cannot check them yet`,
      'Drop the symmetry option for this model, or state the property as atQuiescence if it means "holds in every terminal state".',
    );
  }
  const graph = live ? new StateGraph() : null;
  const fair = live ? new FairGroups(model as never, (a: A) => runner.format(a)) : null;
  const eventuallyFalse = tracker.eventually.map(() => new GrowableInts());

  // Partial-order reduction: ample sets from the model's independence declaration, switched off
  // for liveness (fairness and the cycles of the reduced graph are not shown to keep lassos).
  const reduction: ReductionStats | undefined = opts.reduction === 'por' ? { applied: !live, reducedStates: 0, provisoExpansions: 0, skippedTransitions: 0 } : undefined;
  if (reduction && live) reduction.note = `not applied: the model has eventually properties (${tracker.eventually.map((p) => p.name).join(', ')}), which the reduction does not preserve`;
  // Visibility (C2) is owed only to the always/sometimes properties still undecided: once one is
  // violated or witnessed, no later reduction can change that (docs/partial-order-reduction.md).
  // Taken at the start of each depth, as the parallel search's workers take them at the start
  // of each round, so that both reduce the same states.
  const watched: Property<S>[] = [];
  const reducer = reduction?.applied ? new Reducer(model, runner, reduction) : null;
  // Subsumption by budgets, off for liveness too: a lasso may run through the states it skips.
  const subsumption: SubsumptionStats | undefined = opts.subsumption ? { applied: !live, subsumed: 0 } : undefined;
  if (subsumption && live) subsumption.note = `not applied: the model has eventually properties (${tracker.eventually.map((p) => p.name).join(', ')}), which need every state`;
  const subsumer = subsumption?.applied ? new Subsumer(runner) : null;

  /** Evaluates the undecided `always`/`sometimes` properties on a newly discovered state. */
  const onDiscovered = (state: S, id: number) => {
    discoveredId = id;
    const here = discoveredTrace;
    if (graph) {
      graph.addState(id);
      for (let j = 0; j < eventuallyFalse.length; j++) eventuallyFalse[j]!.push(runner.holds(tracker.eventually[j]!, state, here) ? 0 : 1);
    }
    const always = tracker.always;
    for (let i = 0; i < always.length; i++) {
      const p = always[i]!;
      if (!runner.holds(p, state, here)) {
        // The reduction trusted a stable property: it must stay violated one step on.
        if (p.stable) reducer?.checks.checkStable(p, false, state, here);
        violations.push(violation(p, id));
        always.splice(i--, 1);
      }
    }
    const sometimes = tracker.sometimes;
    for (let i = 0; i < sometimes.length; i++) {
      const p = sometimes[i]!;
      if (runner.holds(p, state, here)) {
        if (p.stable) reducer?.checks.checkStable(p, true, state, here);
        sometimes.splice(i--, 1);
      }
    }
  };
  // The frontier: the states of one depth and their ids, and those of the next, swapped at each
  // depth and emptied for reuse. Packed with the model's codec when it has one (not when sharding,
  // whose slicer deals out objects), else the state objects themselves.
  const packer = opts.shard ? null : runner.packer(discoveredTrace, expandedTrace);
  const newFrontier = (): Frontier<S> => (packer ? new PackedFrontier(packer) : new ObjectFrontier<S>());
  let frontier = newFrontier();
  let nextFrontier = newFrontier();
  // The default key's hints (`ModelRunner.discovered`) follow state objects from discovery to
  // expansion; a packed frontier expands new copies, so it gives none. (Keying each copy again
  // to keep it as the hint cost, on `outbox-cdc` with `CollapseCodec`, as many ids as it saved.)
  const hints = packer === null;

  const discover = (state: S, from: number, choice: number): number => {
    const id = visited.add(key, from, choice);
    // Before the properties, which may rebuild a trace and key other states.
    if (hints) runner.discovered(state);
    onDiscovered(state, id);
    return id;
  };

  let transitions = 0;
  let dupes = 0;
  let maxDepth = 0;
  let reason: string | undefined;
  let stoppedEarly = false;
  // Each expanded state's successors and fair groups, for the graph kept for liveness: scratch
  // lists reused from state to state (the graph copies them).
  const targets: number[] = [];
  const groups: number[] = [];

  runner.initial().forEach((state, i) => {
    runner.keyInto(key, state, () => [{ action: null, state }]);
    const seen = visited.find(key);
    if (seen === -1) frontier.push(state, discover(state, -1, i));
    else runner.checkRevisit(state, traceTo(seen), () => [{ action: null, state }], 0);
  });

  // With no properties at all there is nothing to decide, so explore everything (state counts).
  const canStopEarly = !opts.exploreAll && model.properties.length > 0;
  let lastTick = started;
  let expanded = 0;
  // Sharding (see Shard.ts): this shard's part of one frontier, everything else as usual.
  const slicer = opts.shard ? new FrontierSlicer(opts.shard) : null;
  const selfLoops = visited.matchesIsCheap;
  search: for (let depth = 0; frontier.length > 0; depth++) {
    // Every state found from here on is at depth + 1; ids are given in order of discovery.
    const nextDepthStart = visited.size;
    // A `sometimes` property may read the budgets (reach a state after a crash): subsumption
    // waits until each is decided, as taken at the start of the depth (as the workers take it).
    const subsumeHere = subsumer !== null && tracker.sometimes.length === 0;
    if (reducer) {
      watched.length = 0;
      watched.push(...tracker.always, ...tracker.sometimes);
    }
    if (slicer) {
      // Once, when the frontier is wide enough: the ids as a list for the slicer, and back. (A
      // sharded search keeps objects: no packer.)
      const whole = frontier as ObjectFrontier<S>;
      const ids = Array.from({ length: whole.length }, (_, i) => whole.id(i));
      const [states, kept] = slicer.deal(depth, whole.states, ids, visited.size);
      if (states !== whole.states) {
        whole.clear();
        states.forEach((state, i) => whole.push(state, kept[i]!));
      }
    }
    for (let f = 0; f < frontier.length; f++) {
      if (canStopEarly && tracker.decided) {
        stoppedEarly = true;
        break search;
      }
      const id = frontier.id(f);
      expandedId = id;
      const state = frontier.state(f);
      if ((++expanded & 1023) === 0) {
        const now = Date.now();
        if (now - started >= opts.timeoutMs) {
          reason = `time limit of ${opts.timeoutMs} ms reached at depth ${depth}`;
          break search;
        }
        // Collected before it counts: garbage from earlier work must not end this search. What is
        // alive within 5% of the bound ends it too, or every later check would collect again.
        if (heapInUseMb() >= opts.maxMemoryMb && liveHeapMb() >= 0.95 * opts.maxMemoryMb) {
          reason = `memory bound of ${opts.maxMemoryMb} MB reached at depth ${depth} with ${visited.size} states (raise the heap with NODE_OPTIONS=--max-old-space-size=MB, or check a smaller scope)`;
          break search;
        }
        if (opts.onProgress && now - lastTick >= 100) {
          lastTick = now;
          opts.onProgress({ states: visited.size, transitions, depth, ms: now - started });
        }
      }
      if (hints) runner.expanding(state);
      const here = expandedTrace;
      const acts = runner.actions(state, here);
      if (acts.length === 0) {
        subsumer?.checkTerminal(state, here);
        graph?.expand(id, [], []);
        const quiescent = tracker.quiescent;
        for (let i = 0; i < quiescent.length; i++) {
          const p = quiescent[i]!;
          if (!runner.holds(p, state, here)) {
            violations.push(violation(p, id));
            quiescent.splice(i--, 1);
          }
        }
        continue;
      }
      if (depth >= opts.maxDepth) {
        reason ??= `depth bound of ${opts.maxDepth} reached with actions still enabled`;
        continue;
      }
      if (graph) {
        targets.length = 0;
        groups.length = 0;
      }
      // Partial-order reduction: an ample set, or null to expand fully (`Reducer`).
      const chosen = reducer ? reducer.choose(state, acts, watched, nextDepthStart, key, (k) => visited.find(k), here) : null;
      const count = chosen ? chosen.length : acts.length;
      for (let c = 0; c < count; c++) {
        const i = chosen ? chosen[c]! : c;
        const action = acts[i]!;
        // Without the reduction no successor was computed early: no lookup on the hot path.
        const ns = (reducer ? reducer.early.get(i) : undefined) ?? runner.next(state, action, here);
        transitions++;
        runner.keyInto(key, ns, here, action);
        // A step back to the state being expanded (a self-loop: a message received again, a
        // retry that changes nothing) is told by comparing fingerprints, without a lookup.
        let seen = selfLoops && visited.matches(id, key) ? id : visited.find(key);
        // Only a fully expanded state's successors are skipped: an ample set's must be expanded
        // (docs/subsumption.md, "With partial-order reduction").
        if (seen === -1 && subsumeHere && chosen === null && subsumer!.dominator(ns, key, nextDepthStart, (c) => visited.find(c), here, action) !== -1) {
          subsumer!.subsumed++;
          continue;
        }
        if (seen === -1) {
          if (visited.size >= opts.maxStates) {
            reason = `state bound of ${opts.maxStates} distinct states reached at depth ${depth + 1}`;
            break search;
          }
          seen = discover(ns, id, i);
          nextFrontier.push(ns, seen);
          maxDepth = depth + 1;
        } else if (shouldSample(++dupes)) {
          const first = traceTo(seen);
          const revisit = () => [...traceTo(id), { action, state: ns }] as TraceStep<unknown, unknown>[];
          if (!opts.symmetry) checkSameActions(runner, ns, first, revisit);
          runner.checkRevisit(ns, first, revisit, depth + 1);
        }
        if (graph) {
          targets.push(seen);
          groups.push(fair!.of(action, here));
        }
      }
      // Only a state whose every successor is known counts as expanded.
      if (graph) graph.expand(id, targets, groups);
    }
    const done = frontier;
    frontier = nextFrontier;
    nextFrontier = done;
    nextFrontier.clear();
  }

  // A shard that dealt the frontier out searched its share only: its verdicts wait for the merge.
  const shard = slicer?.stats(visited.size, reason === undefined);
  if (shard && shard.depth !== null) reason = shareOnly(shard, reason);
  const complete = reason === undefined;
  if (graph) {
    const roots: number[] = [];
    for (let id = 0; id < visited.size && visited.parent(id) === -1; id++) roots.push(id);
    tracker.eventually.forEach((p, j) => {
      const falseAt = eventuallyFalse[j]!;
      const path = findEventuallyCounterexample(graph, roots, (id) => falseAt.get(id) === 1, fair!.kinds);
      if (path) violations.push(violationAlong(p, path));
    });
    // Violations found on part of the graph are real; only a complete search proves the rest.
    tracker.eventually = complete ? [] : tracker.eventually.filter((p) => !violations.some((v) => v.property === p.name));
  }
  if (complete && !stoppedEarly) {
    for (const p of tracker.sometimes) violations.push({ property: p.name, kind: p.kind, trace: [], replay: '' });
  } else if (!complete && tracker.sometimes.length > 0) {
    reason += `; not yet witnessed: ${tracker.sometimes.map((p) => p.name).join(', ')}`;
  }
  const undecided = complete ? [] : [...tracker.always, ...tracker.quiescent, ...tracker.eventually, ...tracker.sometimes].map((p) => p.name);
  const stats = {
    states: visited.size,
    transitions,
    maxDepth,
    ms: Date.now() - started,
    // Under symmetry, a class is also remembered by its states' own prints (`ClassCache`).
    collisionProbability: Math.min(1, visited.collisionProbability + (runner.classes?.collisionProbability ?? 0)),
    ...(firstViolationMs === undefined ? {} : { firstViolationMs }),
    ...(shard ? { shard } : {}),
    ...(reduction ? { reduction } : {}),
    ...(subsumption ? { subsumption: { ...subsumption, subsumed: subsumer?.subsumed ?? 0 } } : {}),
  };
  if (violations.length > 0) {
    const note = complete ? undefined : `found before the search stopped: ${reason}`;
    return { status: 'violated', stats, violations, undecided, mode: 'exhaustive', ...(note ? { reason: note } : {}) };
  }
  if (!complete) return { status: 'incomplete', stats, violations, undecided, reason, mode: 'exhaustive' };
  return { status: 'ok', stats, violations, undecided, mode: 'exhaustive' };
}

/** Throws `NondeterminismError` if a re-visited state enables other actions than its first visit (also used by `checkParallel`). */
export function checkSameActions<S, A>(
  runner: ModelRunner<S, A>,
  revisit: S,
  firstVisit: TraceStep<S, A>[],
  trace: () => TraceStep<unknown, unknown>[],
): void {
  const original = firstVisit[firstVisit.length - 1]!.state;
  const a = runner.actions(original, () => firstVisit as TraceStep<unknown, unknown>[]).map((x) => runner.format(x));
  const b = runner.actions(revisit, trace).map((x) => runner.format(x));
  if (a.length === b.length && a.every((x, i) => x === b[i])) return;
  throw new NondeterminismError(
    'nondeterministic-actions',
    `model ${runner.model.name}: actions() gave a different list for a state it had already seen (first [${a.join(', ')}], now [${b.join(', ')}])`,
    'Build the action list in a canonical order (sort object keys, never rely on insertion order), so equal states enable the same actions in the same order.',
    trace(),
  );
}
