import type { CheckResult, TraceStep, Violation } from './CheckResult.ts';
import { NondeterminismError } from './CheckerError.ts';
import type { Model } from './Model.ts';
import type { Property } from './Property.ts';
import type { ResolvedOptions } from './resolveOptions.ts';
import { encodeReplay } from './replayString.ts';
import { followPath, PathBroken } from './internal/followPath.ts';
import { ModelRunner } from './internal/ModelRunner.ts';
import { heapInUseMb, liveHeapMb } from './internal/liveHeapMb.ts';
import { PropertyTracker } from './internal/PropertyTracker.ts';

/** Sample duplicates for the determinism check: the first few, then one in 1024. */
const shouldSample = (dupes: number) => dupes <= 64 || (dupes & 1023) === 0;

/**
 * Breadth-first exploration of every reachable state, each visited once (deduplicated by key).
 *
 * - Memory: per state only its key, parent id and the index of the action that reached it;
 *   traces are rebuilt on demand by replaying those indices from the initial state.
 * - Shortest counterexamples: BFS discovers each state at its minimal depth.
 * - Never a false `ok`: hitting `maxStates`, `maxDepth`, `timeoutMs` or `maxMemoryMb` with work left gives
 *   `incomplete`; so does any `sometimes` left unwitnessed by an incomplete run.
 *
 * Throws `ModelError` (or `NondeterminismError`) when the model misbehaves. Does not mutate the model.
 */
export function checkExhaustive<S, A>(model: Model<S, A>, opts: ResolvedOptions): CheckResult<S, A> {
  const started = Date.now();
  const runner = new ModelRunner(model, opts.symmetry);
  const tracker = new PropertyTracker(model.properties);
  const violations: Violation<S, A>[] = [];

  const index = new Map<string, number>();
  const keys: string[] = [];
  const parent: number[] = [];
  const via: number[] = []; // action index from the parent, or initial-state index for roots

  const pathTo = (id: number): { init: number; choices: number[] } => {
    const choices: number[] = [];
    let cur = id;
    while (parent[cur]! >= 0) {
      choices.push(via[cur]!);
      cur = parent[cur]!;
    }
    return { init: via[cur]!, choices: choices.reverse() };
  };
  const traceTo = (id: number): TraceStep<S, A>[] => {
    const { init, choices } = pathTo(id);
    const ids = [id];
    for (let cur = id; parent[cur]! >= 0; cur = parent[cur]!) ids.push(parent[cur]!);
    ids.reverse();
    const result = followPath(runner, init, choices, (step, key, trace) => {
      if (key !== keys[ids[step]!]) {
        throw new NondeterminismError(
          'nondeterministic-model',
          `model ${model.name} is not deterministic: replaying step ${step} reached a different state than during exploration`,
          'actions(state) must list the same actions in the same order for equal states, and next(state, action) must be pure (no Date.now, Math.random, or iteration over insertion-ordered fields).',
          trace.slice(),
        );
      }
    });
    if (result instanceof PathBroken) {
      throw new NondeterminismError(
        'nondeterministic-model',
        `model ${model.name} is not deterministic: at step ${result.step} action #${result.choice} was enabled during exploration, but now only ${result.enabled} actions are`,
        'actions(state) must return the same actions in the same order each time it is called on equal states.',
        result.trace,
      );
    }
    return result;
  };
  let firstViolationMs: number | undefined;
  const violation = (p: Property<S>, id: number): Violation<S, A> => {
    firstViolationMs ??= Date.now() - started;
    const trace = traceTo(id);
    const { init, choices } = pathTo(id);
    const fingerprint = runner.fingerprint(trace[trace.length - 1]!.state, () => trace as TraceStep<unknown, unknown>[]);
    const replay = encodeReplay({ model: model.name, version: model.version ?? '1', init, choices, fingerprint });
    const reason = runner.explain(p, trace[trace.length - 1]!.state);
    return { property: p.name, kind: p.kind, trace, replay, ...(reason === undefined ? {} : { reason }) };
  };
  const lazyTrace = (id: number) => () => traceTo(id) as TraceStep<unknown, unknown>[];

  /** Evaluates the undecided `always`/`sometimes` properties on a newly discovered state. */
  const onDiscovered = (state: S, id: number) => {
    const here = lazyTrace(id);
    const always = tracker.always;
    for (let i = 0; i < always.length; i++) {
      const p = always[i]!;
      if (!runner.holds(p, state, here)) {
        violations.push(violation(p, id));
        always.splice(i--, 1);
      }
    }
    const sometimes = tracker.sometimes;
    for (let i = 0; i < sometimes.length; i++) {
      const p = sometimes[i]!;
      if (runner.holds(p, state, here)) sometimes.splice(i--, 1);
    }
  };
  const discover = (state: S, key: string, from: number, choice: number): number => {
    const id = keys.length;
    index.set(key, id);
    keys.push(key);
    parent.push(from);
    via.push(choice);
    onDiscovered(state, id);
    return id;
  };

  let transitions = 0;
  let dupes = 0;
  let maxDepth = 0;
  let reason: string | undefined;
  let stoppedEarly = false;
  let frontier: S[] = [];
  let frontierIds: number[] = [];

  runner.initial().forEach((state, i) => {
    const key = runner.key(state, () => []);
    const seen = index.get(key);
    if (seen === undefined) {
      frontier.push(state);
      frontierIds.push(discover(state, key, -1, i));
    } else runner.checkRevisit(state, traceTo(seen), () => [{ action: null, state }], 0);
  });

  // With no properties at all there is nothing to decide, so explore everything (state counts).
  const canStopEarly = !opts.exploreAll && model.properties.length > 0;
  let lastTick = started;
  let expanded = 0;
  search: for (let depth = 0; frontier.length > 0; depth++) {
    const nextFrontier: S[] = [];
    const nextIds: number[] = [];
    for (let f = 0; f < frontier.length; f++) {
      if (canStopEarly && tracker.decided) {
        stoppedEarly = true;
        break search;
      }
      const state = frontier[f]!;
      const id = frontierIds[f]!;
      if ((++expanded & 1023) === 0) {
        const now = Date.now();
        if (now - started >= opts.timeoutMs) {
          reason = `time limit of ${opts.timeoutMs} ms reached at depth ${depth}`;
          break search;
        }
        // Collected before it counts: garbage from earlier work must not end this search. What is
        // alive within 5% of the bound ends it too, or every later check would collect again.
        if (heapInUseMb() >= opts.maxMemoryMb && liveHeapMb() >= 0.95 * opts.maxMemoryMb) {
          reason = `memory bound of ${opts.maxMemoryMb} MB reached at depth ${depth} with ${keys.length} states (raise the heap with NODE_OPTIONS=--max-old-space-size=MB, or check a smaller scope)`;
          break search;
        }
        if (opts.onProgress && now - lastTick >= 100) {
          lastTick = now;
          opts.onProgress({ states: keys.length, transitions, depth, ms: now - started });
        }
      }
      const here = lazyTrace(id);
      const acts = runner.actions(state, here);
      if (acts.length === 0) {
        for (const list of [tracker.quiescent, tracker.eventually]) {
          for (let i = 0; i < list.length; i++) {
            const p = list[i]!;
            if (!runner.holds(p, state, here)) {
              violations.push(violation(p, id));
              list.splice(i--, 1);
            }
          }
        }
        continue;
      }
      if (depth >= opts.maxDepth) {
        reason ??= `depth bound of ${opts.maxDepth} reached with actions still enabled`;
        continue;
      }
      for (let i = 0; i < acts.length; i++) {
        const action = acts[i]!;
        const ns = runner.next(state, action, here);
        transitions++;
        const key = runner.key(ns, here, action);
        const seen = index.get(key);
        if (seen === undefined) {
          if (keys.length >= opts.maxStates) {
            reason = `state bound of ${opts.maxStates} distinct states reached at depth ${depth + 1}`;
            break search;
          }
          nextFrontier.push(ns);
          nextIds.push(discover(ns, key, id, i));
          maxDepth = depth + 1;
        } else if (shouldSample(++dupes)) {
          const first = traceTo(seen);
          const revisit = () => [...traceTo(id), { action, state: ns }] as TraceStep<unknown, unknown>[];
          if (!opts.symmetry) checkSameActions(runner, ns, first, revisit);
          runner.checkRevisit(ns, first, revisit, depth + 1);
        }
      }
    }
    frontier = nextFrontier;
    frontierIds = nextIds;
  }

  const complete = reason === undefined;
  if (complete && !stoppedEarly) {
    for (const p of tracker.sometimes) violations.push({ property: p.name, kind: p.kind, trace: [], replay: '' });
  } else if (!complete && tracker.sometimes.length > 0) {
    reason += `; not yet witnessed: ${tracker.sometimes.map((p) => p.name).join(', ')}`;
  }
  const undecided = complete ? [] : [...tracker.always, ...tracker.quiescent, ...tracker.eventually, ...tracker.sometimes].map((p) => p.name);
  const stats = { states: keys.length, transitions, maxDepth, ms: Date.now() - started, ...(firstViolationMs === undefined ? {} : { firstViolationMs }) };
  if (violations.length > 0) {
    const note = complete ? undefined : `found before the search stopped: ${reason}`;
    return { status: 'violated', stats, violations, undecided, mode: 'exhaustive', ...(note ? { reason: note } : {}) };
  }
  if (!complete) return { status: 'incomplete', stats, violations, undecided, reason, mode: 'exhaustive' };
  return { status: 'ok', stats, violations, undecided, mode: 'exhaustive' };
}

/** Throws `NondeterminismError` if a re-visited state enables other actions than its first visit. */
function checkSameActions<S, A>(
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

