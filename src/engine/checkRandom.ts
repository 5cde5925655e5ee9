import fc from 'fast-check';
import type { CheckResult, TraceStep, Violation } from './CheckResult.ts';
import { CheckerError, NondeterminismError } from './CheckerError.ts';
import type { Model } from './Model.ts';
import type { Property, PropertyKind } from './Property.ts';
import type { ResolvedOptions } from './resolveOptions.ts';
import { encodeReplay } from './replayString.ts';
import { FairGroups } from './internal/FairGroups.ts';
import { ModelRunner } from './internal/ModelRunner.ts';
import { WalkLiveness } from './internal/WalkLiveness.ts';

/** A schedule as fast-check generates it: which initial state, then one choice per step. */
type Schedule = [init: number, choices: number[]];

interface Walk<S, A> {
  trace: TraceStep<S, A>[];
  /** The action indices actually taken (each choice reduced modulo the enabled count). */
  taken: number[];
  /** The first target property that failed, if any. */
  failed?: Property<S>;
  /** When `failed` is an `eventually` property refuted by a lasso: the step the walk came back to. */
  loopsBackTo?: number;
}

/**
 * Random exploration driven by fast-check, which also shrinks what it finds.
 *
 * A schedule is a list of choices; at each step the checker takes `choices[i] mod |enabled|`,
 * and once the choices run out it keeps taking the first enabled action until the state is
 * terminal or `maxSteps` is reached, so `atQuiescence` properties are checked at real terminal
 * states and shrinking can cut a schedule down to its essential prefix. An `eventually`
 * property fails on a walk that ends in a terminal state, or comes back to a state it passed
 * (a fair cycle, by `WalkLiveness`), with the property false all along.
 *
 * One fast-check run is made per property still undecided; each failure is shrunk and recorded,
 * then the search goes on for the others with a derived seed. Everything is a pure function of
 * `seed`. Finding nothing is never `ok`: it is `incomplete`, since sampling is not a proof.
 */
export function checkRandom<S, A>(model: Model<S, A>, opts: ResolvedOptions): CheckResult<S, A> {
  const started = Date.now();
  const runner = new ModelRunner(model, false);
  const initial = runner.initial();
  const targets = model.properties.filter((p) => p.kind !== 'sometimes');
  const unwitnessed = new Set(model.properties.filter((p) => p.kind === 'sometimes'));
  const violations: Violation<S, A>[] = [];
  let visited = 0;
  let transitions = 0;
  let maxDepth = 0;
  let firstViolationMs: number | undefined;

  const fair = new FairGroups(model as Model<unknown, A>, (a: A) => runner.format(a));
  // onProgress may throw to stop the search (the CLI does on SIGINT). It is kept and thrown again
  // once fast-check is done; meanwhile every walk fails at once, so fast-check stops sampling and
  // its shrinking, every candidate failing at its first step, ends in a few dozen calls.
  let stopped: { error: unknown } | undefined;
  let lastTick = started;
  const tick = () => {
    if (!opts.onProgress || stopped) return;
    const now = Date.now();
    if (now - lastTick < 100) return;
    lastTick = now;
    try {
      opts.onProgress({ states: visited, transitions, depth: maxDepth, ms: now - started });
    } catch (error) {
      stopped = { error };
    }
  };
  const walk = ([init, choices]: Schedule, pending: readonly Property<S>[]): Walk<S, A> => {
    const taken: number[] = [];
    const eventually = pending.filter((p) => p.kind === 'eventually');
    const live = eventually.length > 0 ? new WalkLiveness(eventually, fair.kinds) : null;
    let loopsBackTo: number | undefined;
    let state: S = initial[init % initial.length]!;
    const trace: TraceStep<S, A>[] = [{ action: null, state }];
    const soFar = () => trace.slice() as TraceStep<unknown, unknown>[];
    const bad = (s: S, kinds: readonly PropertyKind[]) =>
      pending.find((p) => kinds.includes(p.kind) && !runner.holds(p, s, soFar));
    const seen = (s: S) => {
      visited++;
      for (const p of unwitnessed) if (runner.holds(p, s, soFar)) unwitnessed.delete(p);
    };
    seen(state);
    let failed = bad(state, ['always']);
    for (let step = 0; !failed && step < opts.maxSteps; step++) {
      tick();
      if (stopped) throw stopped;
      const acts = runner.actions(state, soFar);
      if (live?.watching) {
        let enabled = 0;
        for (const a of acts) enabled |= fair.of(a, soFar);
        const s = state;
        const lasso = live.visit(runner.key(s, soFar), enabled, (p) => runner.holds(p, s, soFar));
        if (lasso) {
          failed = lasso.property;
          loopsBackTo = lasso.loopsBackTo;
          break;
        }
      }
      if (acts.length === 0) {
        failed = bad(state, ['atQuiescence']) ?? live?.terminal()?.property;
        break;
      }
      const choice = (choices[step] ?? 0) % acts.length;
      const action = acts[choice]!;
      if (live?.watching) live.took(fair.of(action, soFar));
      state = runner.next(state, action, soFar);
      transitions++;
      taken.push(choice);
      trace.push({ action, state });
      seen(state);
      failed = bad(state, ['always']);
    }
    maxDepth = Math.max(maxDepth, taken.length);
    if (!failed) return { trace, taken };
    return loopsBackTo === undefined ? { trace, taken, failed } : { trace, taken, failed, loopsBackTo };
  };

  const schedule = fc.tuple(
    fc.nat({ max: initial.length - 1 }),
    fc.array(fc.nat({ max: 0xffff }), { maxLength: opts.maxSteps, size: 'max' }),
  );
  const notes: string[] = [];
  let pending = targets.slice();
  // One round at least, so a model with only `sometimes` properties is sampled too.
  for (let round = 0; round === 0 || pending.length > 0; round++) {
    const seed = (opts.seed + round * 0x9e3779b1) | 0;
    const remainingMs = opts.timeoutMs - (Date.now() - started);
    if (remainingMs <= 0) {
      notes.push(`time limit of ${opts.timeoutMs} ms reached`);
      break;
    }
    const current = pending;
    const details = fc.check(
      fc.property(schedule, (s) => walk(s, current).failed === undefined),
      {
        seed,
        numRuns: opts.runs,
        ...(Number.isFinite(remainingMs) ? { interruptAfterTimeLimit: remainingMs, markInterruptAsFailure: false } : {}),
      },
    );
    if (stopped) throw stopped.error;
    if (details.failed && details.errorInstance instanceof CheckerError) throw details.errorInstance;
    if (details.failed && details.counterexample) {
      const [init, choices] = details.counterexample[0];
      const found = walk([init, choices], current);
      if (!found.failed) {
        throw new NondeterminismError(
          'nondeterministic-model',
          `model ${model.name} is not deterministic: the schedule that failed ${current.length === 1 ? '' : 'one of '}${current.map((p) => `"${p.name}"`).join(', ')} no longer fails when it is run again`,
          'initial, actions, next and the properties must be pure: no Date.now, Math.random, counters kept between calls, or iteration over insertion-ordered fields.',
          found.trace as TraceStep<unknown, unknown>[],
        );
      }
      const last = found.trace[found.trace.length - 1]!.state;
      firstViolationMs ??= Date.now() - started;
      const { loopsBackTo } = found;
      const reason = runner.explain(found.failed, last);
      violations.push({
        property: found.failed.name,
        kind: found.failed.kind,
        trace: found.trace,
        replay: encodeReplay({
          model: model.name,
          version: model.version ?? '1',
          init: init % initial.length,
          choices: found.taken,
          fingerprint: runner.fingerprint(last, () => found.trace as TraceStep<unknown, unknown>[]),
          loopsBackTo,
        }),
        ...(loopsBackTo === undefined ? {} : { loopsBackTo }),
        ...(reason === undefined ? {} : { reason }),
        fastCheck: { seed: details.seed, path: details.counterexamplePath ?? '', numRuns: details.numRuns },
      });
      pending = pending.filter((p) => p !== found.failed);
      continue;
    }
    if (details.interrupted) notes.push(`time limit of ${opts.timeoutMs} ms reached after ${details.numRuns} schedules`);
    break;
  }

  const stats = { states: visited, transitions, maxDepth, ms: Date.now() - started, ...(firstViolationMs === undefined ? {} : { firstViolationMs }) };
  if (pending.length > 0) {
    notes.unshift(
      `random mode sampled up to ${opts.runs} schedules of at most ${opts.maxSteps} steps (seed ${opts.seed}) and found no violation of ${pending.map((p) => p.name).join(', ')}; sampling is not a proof, use exhaustive mode for one`,
    );
  }
  if (unwitnessed.size > 0) notes.push(`never witnessed: ${[...unwitnessed].map((p) => p.name).join(', ')}`);
  const undecided = [...pending, ...unwitnessed].map((p) => p.name);
  const reason = notes.length > 0 ? notes.join('; ') : undefined;
  if (violations.length > 0) return { status: 'violated', stats, violations, undecided, mode: 'random', ...(reason ? { reason } : {}) };
  return { status: 'incomplete', stats, violations, undecided, reason: reason ?? 'random mode is never a proof', mode: 'random' };
}
