import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { CheckResult, ReductionStats, SubsumptionStats, TraceStep, Violation } from './CheckResult.ts';
import { InvalidOptionError } from './CheckerError.ts';
import { checkExhaustive } from './checkExhaustive.ts';
import type { Model } from './Model.ts';
import type { ModelSource } from './ModelSource.ts';
import type { Property } from './Property.ts';
import type { ResolvedOptions } from './resolveOptions.ts';
import { encodeReplay } from './replayString.ts';
import { followClasses, followPath, PathBroken } from './internal/followPath.ts';
import { ModelRunner } from './internal/ModelRunner.ts';
import { Control, controlBuffer, inParallelWorker, receive, type Candidate, type PackedLevel, type ResumeOrder, type RoundOrder, type WorkerReport, type WorkerSetup } from './internal/parallelWorker.ts';
import { planRebalance } from './internal/planRebalance.ts';
import { PropertyTracker } from './internal/PropertyTracker.ts';
import { SharedVisited } from './internal/SharedVisited.ts';
import { StateKey } from './internal/VisitedStates.ts';
import { receivedError } from './internal/workerErrors.ts';

/**
 * The exhaustive breadth-first search on `opts.workers` threads (see docs/parallel-search.md).
 *
 * Level-synchronous: the main thread starts each depth, every worker expands its share of that
 * depth's states and keeps the states it discovers, and the main thread waits for all of them
 * (blocking in `Atomics.wait`, so `check` stays synchronous) before it starts the next depth.
 * The visited set is one fingerprint table in shared memory (`SharedVisited`); no state is ever
 * copied between threads: when the shares are uneven the main thread hands states over by id,
 * and the taker rebuilds them by replaying their paths.
 *
 * Guarantees, as with one worker: the same verdicts; for a complete search without an early
 * stop the same state and transition counts; counterexamples of the same (shortest) length,
 * that replay. Which violating state is shown is deterministic (the least by fingerprint among
 * the shortest), and so is the path to it: each state keeps the least step into it from the
 * level above (by the parent's fingerprint, then the action's index; `SharedVisited.reparent`),
 * not the step of whichever worker claimed it first. So a trace is the same on every run and
 * with any number of workers; it may differ from one worker's, which keeps the first step it
 * met and fingerprints otherwise.
 * A model with `eventually` properties is checked by one worker (the search keeps no graph).
 */
export function checkParallel<S, A>(model: Model<S, A>, opts: ResolvedOptions & { source: ModelSource }): CheckResult<S, A> {
  const eventually = model.properties.filter((p) => p.kind === 'eventually');
  if (eventually.length > 0) {
    const result = checkExhaustive(model, opts);
    result.stats.workers = 1;
    result.stats.workersNote = `one worker: eventually properties (${eventually.map((p) => p.name).join(', ')}) are decided on the whole state graph, which the parallel search does not keep`;
    return result;
  }
  if (inParallelWorker()) {
    throw new InvalidOptionError(
      `check(${model.name}, { workers: ${opts.workers} }) was called while a worker thread imported the model source`,
      'The source module must only build models: move the model into a module of its own, and call check from the script that imports it.',
    );
  }
  // A worker that cannot even load its entry never reports, and this thread, blocked in
  // Atomics.wait, would wait for it for ever: refuse up front.
  const boot = new URL('./internal/parallelWorkerBoot.mjs', import.meta.url);
  if (boot.protocol !== 'file:' || !existsSync(fileURLToPath(boot))) {
    throw new InvalidOptionError(
      `option workers is ${opts.workers}, but the worker threads' entry is not at ${boot.href}: the engine was bundled away from its sources`,
      'Run the script with npx tsx, or with cdc-check run (which keeps each module\'s import.meta.url), or leave workers out.',
    );
  }
  // Partial-order reduction, as with one worker: each worker chooses the ample sets of the states
  // it expands (eventually properties, which switch it off, never reach this search).
  const reduction: ReductionStats | undefined = opts.reduction === 'por' ? { applied: true, reducedStates: 0, provisoExpansions: 0, skippedTransitions: 0 } : undefined;
  const subsumption: SubsumptionStats | undefined = opts.subsumption ? { applied: true, subsumed: 0 } : undefined;
  const started = Date.now();
  const n = opts.workers;
  const runner = new ModelRunner(model, opts.symmetry, false, true, opts.subsumption);
  const tracker = new PropertyTracker(model.properties);
  const violations: Violation<S, A>[] = [];
  const visited = SharedVisited.create(opts.maxStates, undefined, opts.symmetry);
  let firstViolationMs: number | undefined;

  const violation = (p: Property<S>, id: number): Violation<S, A> => {
    firstViolationMs ??= Date.now() - started;
    const { init, choices, result } = pathOf(id);
    const last = result[result.length - 1]!.state;
    const fingerprint = runner.fingerprint(last, () => result as TraceStep<unknown, unknown>[]);
    const reason = runner.explain(p, last);
    const replay = encodeReplay({ model: model.name, version: model.version ?? '1', init, choices, fingerprint });
    return { property: p.name, kind: p.kind, trace: result, replay, ...(reason === undefined ? {} : { reason }) };
  };
  // The least path to a state: along the least steps (`reparent`), or under symmetry through the
  // least parents' classes (`relead`), by the first action from each member met into the next.
  const pathOf = (id: number): { init: number; choices: number[]; result: TraceStep<S, A>[] } => {
    if (opts.symmetry) {
      const path = visited.classPathTo(id);
      const { trace, choices } = followClasses(runner, path.init, path.prints);
      return { init: path.init, choices, result: trace };
    }
    const { init, choices } = visited.pathTo(id);
    const result = followPath(runner, init, choices);
    if (result instanceof PathBroken) throw result.nondeterminism(model.name);
    return { init, choices, result };
  };
  const decide = (p: Property<S>) => {
    for (const list of [tracker.always, tracker.quiescent, tracker.sometimes]) {
      const i = list.indexOf(p);
      if (i >= 0) list.splice(i, 1);
    }
  };

  // The initial states, here as with one worker: claimed, and the properties checked on them.
  const key = new StateKey();
  const initial = runner.initial();
  const initialFingerprints: number[] = [];
  const initialIds: number[] = [];
  initial.forEach((state, i) => {
    runner.keyInto(key, state, () => [{ action: null, state }]);
    initialFingerprints.push(key.fingerprint[0]!, key.fingerprint[1]!);
    const id = visited.claim(key.fingerprint[0]!, key.fingerprint[1]!, -1, i, 255);
    if (id < 0) {
      // -1: met before (a duplicate initial state), whose revisit is checked, unless the state met
      // before was itself past maxStates (published with an id over the bound, no path kept).
      // OVER_BOUND: new but past maxStates, left out as with one worker; the search is incomplete.
      if (id === -1 && visited.hasPath(visited.seen)) runner.checkRevisit(state, violationPath(visited.seen), () => [{ action: null, state }], 0);
      return;
    }
    initialIds.push(id);
    const here = () => [{ action: null, state }] as TraceStep<unknown, unknown>[];
    for (const p of [...tracker.always]) if (!runner.holds(p, state, here)) (violations.push(violation(p, id)), decide(p));
    for (const p of [...tracker.sometimes]) if (runner.holds(p, state, here)) decide(p);
  });
  function violationPath(id: number): TraceStep<S, A>[] {
    const r = followPath(runner, visited.pathTo(id).init, visited.pathTo(id).choices);
    return r instanceof PathBroken ? [] : r;
  }

  const control = controlBuffer(n);
  const ports: MessagePort[] = [];
  const workers: Worker[] = [];
  const canStopEarly = !opts.exploreAll && model.properties.length > 0;
  let transitions = 0;
  /** Under symmetry: each worker's class-cache collision odds, as last reported (cumulative). */
  const classOdds: number[] = [];
  let maxDepth = 0;
  let reason: string | undefined;
  let stoppedEarly = false;
  try {
    for (let w = 0; w < n; w++) {
      const { port1, port2 } = new MessageChannel();
      const setup: WorkerSetup = {
        index: w,
        source: opts.source,
        visited: visited.buffers,
        control: control.buffer as SharedArrayBuffer,
        port: port2,
        symmetry: opts.symmetry,
        maxDepth: opts.maxDepth,
        deadline: Number.isFinite(opts.timeoutMs) ? started + opts.timeoutMs : null,
        timeoutMs: opts.timeoutMs,
        maxMemoryMb: Math.max(1, Math.floor(opts.maxMemoryMb / n)),
        reduction: opts.reduction === 'por',
        subsumption: opts.subsumption,
      };
      const worker = new Worker(boot, { workerData: setup, transferList: [port2] });
      worker.unref();
      workers.push(worker);
      ports.push(port1);
    }
    const ready = awaitReports<WorkerReport>(control, ports, started, () => {});
    for (const r of ready) if (r.type === 'error') throw receivedError(r.error);
    for (const r of ready) {
      if (r.type !== 'ready') continue;
      if (r.name !== model.name || r.version !== (model.version ?? '1') || r.initial.join() !== initialFingerprints.join()) {
        throw new InvalidOptionError(
          `option source builds model ${r.name}@${r.version}, not the model checked (${model.name}@${model.version ?? '1'}), or one with other initial states`,
          'The source must name the module export (and arguments) that build the very model passed to check.',
        );
      }
    }

    let sizes = new Array<number>(n).fill(0);
    // The workers' next levels in shared memory, when they pack their states: a taker copies
    // states from them, so a state handed over costs next to nothing, and the shares are evened
    // out more closely (a 2% spread instead of 10%).
    let levels: (PackedLevel | undefined)[] = [];
    let levelStart = 0;
    // The main thread took the initial states' ids one at a time (block 1): they are a range.
    let levelEnd = visited.idEnd;
    for (let depth = 0; levelEnd > levelStart; depth++) {
      if (canStopEarly && tracker.decided) {
        stoppedEarly = true;
        break;
      }
      const plan = depth === 0
        ? sizes.map((_, w) => ({ adopt: initialIds.filter((_, i) => i % n === w), drop: 0 }))
        : planRebalance(sizes, levelStart, levelEnd, (id) => visited.owner(id), levels.every((l) => l !== undefined) ? 0.02 : 0.1);
      const from = depth > 0 && plan.some((m) => m.adopt.length > 0) ? levels : undefined;
      // When every worker sent its level, a worker done with its share takes runs of the others'.
      const steal = depth > 0 && levels.every((l) => l !== undefined) ? { steal: levels, stealable: sizes.map((s, w) => s - plan[w]!.drop) } : {};
      const skip = model.properties.filter((p) => ![...tracker.always, ...tracker.quiescent, ...tracker.sometimes].includes(p)).map((p) => p.name);
      for (let w = 0; w < n; w++) Atomics.store(control, Control.Cursors + w, 0);
      ports.forEach((port, w) => port.postMessage({ depth, adopt: plan[w]!.adopt, drop: plan[w]!.drop, skip, nextDepthStart: levelEnd, ...(from ? { from } : {}), ...steal } satisfies RoundOrder));
      const tick = (ms: number) => {
        if (ms >= opts.timeoutMs) Atomics.store(control, Control.Stop, 1);
        opts.onProgress?.({ states: visited.size, transitions, depth, ms });
      };
      startRound(control);
      let reports = awaitReports<WorkerReport>(control, ports, started, tick);
      // Paused for the table to grow: grow it, and every worker goes on (or repeats its report).
      while (reports.some((r) => r.type === 'paused') && !reports.some((r) => r.type === 'error')) {
        const resume = visited.grow();
        for (const port of ports) port.postMessage({ resume } satisfies ResumeOrder);
        startRound(control);
        reports = awaitReports<WorkerReport>(control, ports, started, tick);
      }
      for (const r of reports) if (r.type === 'error') throw receivedError(r.error);
      // Each state of the level just found keeps the least step into it (`SharedVisited.reparent`),
      // before any path to it is followed: the paths do not depend on which worker claimed what.
      for (const r of reports) {
        if (r.type !== 'round') continue;
        const steps = r.reparents;
        if (opts.symmetry) for (let k = 0; k < steps.length; k += 3) visited.relead(steps[k]!, steps[k + 1]!);
        else for (let k = 0; k < steps.length; k += 3) visited.reparent(steps[k]!, steps[k + 1]!, steps[k + 2]!);
      }
      levels = reports.map((r) => (r.type === 'round' ? r.packed : undefined));
      const candidates = new Map<string, Candidate>();
      sizes = reports.map((r, i) => {
        if (r.type !== 'round') return 0;
        transitions += r.transitions;
        if (r.classOdds !== undefined) classOdds[i] = r.classOdds;
        if (subsumption && r.subsumed !== undefined) subsumption.subsumed += r.subsumed;
        if (reduction && r.reduction) {
          reduction.reducedStates += r.reduction.reducedStates;
          reduction.provisoExpansions += r.reduction.provisoExpansions;
          reduction.skippedTransitions += r.reduction.skippedTransitions;
        }
        if (r.discovered > 0) maxDepth = depth + 1;
        reason ??= r.reason;
        for (const name of r.witnessed) {
          const p = tracker.sometimes.find((q) => q.name === name);
          if (p) decide(p);
        }
        for (const c of r.candidates) {
          const had = candidates.get(c.property);
          if (!had || before(c, had)) candidates.set(c.property, c);
        }
        return r.frontier;
      });
      for (const p of model.properties) {
        const c = candidates.get(p.name);
        if (c && (tracker.always.includes(p) || tracker.quiescent.includes(p))) {
          violations.push(violation(p, c.id));
          decide(p);
        }
      }
      if (reason === undefined && Date.now() - started >= opts.timeoutMs) reason = `time limit of ${opts.timeoutMs} ms reached at depth ${depth}`;
      if (reason !== undefined) break;
      levelStart = levelEnd;
      levelEnd = visited.idEnd;
    }
  } finally {
    Atomics.store(control, Control.Stop, 1);
    Atomics.store(control, Control.Quit, 1);
    Atomics.add(control, Control.Round, 1);
    Atomics.notify(control, Control.Round);
    for (const port of ports) port.close();
    for (const worker of workers) void worker.terminate();
  }

  const complete = reason === undefined;
  if (complete && !stoppedEarly) {
    for (const p of tracker.sometimes) violations.push({ property: p.name, kind: p.kind, trace: [], replay: '' });
  } else if (!complete && tracker.sometimes.length > 0) {
    reason += `; not yet witnessed: ${tracker.sometimes.map((p) => p.name).join(', ')}`;
  }
  const undecided = complete ? [] : [...tracker.always, ...tracker.quiescent, ...tracker.sometimes].map((p) => p.name);
  const states = visited.size;
  const stats = {
    states,
    transitions,
    maxDepth,
    ms: Date.now() - started,
    collisionProbability: Math.min(1, (states * states) / 2 ** 65 + classOdds.reduce((a, b) => a + b, 0)),
    workers: n,
    ...(firstViolationMs === undefined ? {} : { firstViolationMs }),
    ...(reduction ? { reduction } : {}),
    ...(subsumption ? { subsumption } : {}),
  };
  // Properties in the order the model lists them, as one worker reports them when found together.
  violations.sort((a, b) => model.properties.findIndex((p) => p.name === a.property) - model.properties.findIndex((p) => p.name === b.property));
  if (violations.length > 0) {
    const note = complete ? undefined : `found before the search stopped: ${reason}`;
    return { status: 'violated', stats, violations, undecided, mode: 'exhaustive', ...(note ? { reason: note } : {}) };
  }
  if (!complete) return { status: 'incomplete', stats, violations, undecided, reason, mode: 'exhaustive' };
  return { status: 'ok', stats, violations, undecided, mode: 'exhaustive' };
}

/** The lesser of two candidates for one property: shallower, then by fingerprint (unsigned). */
function before(a: Candidate, b: Candidate): boolean {
  if (a.depth !== b.depth) return a.depth < b.depth;
  if (a.hi !== b.hi) return a.hi >>> 0 < b.hi >>> 0;
  return a.lo >>> 0 < b.lo >>> 0;
}

/**
 * Starts a round, its orders already posted. Every worker is waiting for it (all reported the
 * last one, or started up), so none counts yet.
 */
function startRound(control: Int32Array): void {
  Atomics.store(control, Control.Done, 0);
  Atomics.add(control, Control.Round, 1);
  Atomics.notify(control, Control.Round);
}

/**
 * Blocks until every worker has reported (the round, or its start-up), calling `tick` with the
 * time elapsed about every 100 ms; returns the reports in worker order.
 */
function awaitReports<T>(control: Int32Array, ports: MessagePort[], started: number, tick: (ms: number) => void): T[] {
  for (;;) {
    const done = Atomics.load(control, Control.Done);
    if (done >= ports.length) break;
    Atomics.wait(control, Control.Done, done, 100);
    tick(Date.now() - started);
  }
  return ports.map((port) => receive<T>(port, control));
}
