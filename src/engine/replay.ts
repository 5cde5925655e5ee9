import type { TraceStep } from './CheckResult.ts';
import { ReplayError } from './CheckerError.ts';
import type { Model } from './Model.ts';
import type { PropertyKind } from './Property.ts';
import { decodeReplay, type ReplayPath } from './replayString.ts';
import { followPath, PathBroken } from './internal/followPath.ts';
import { ModelRunner } from './internal/ModelRunner.ts';

/** A property that the end of a replayed path violates, with the property's own explanation. */
export interface ReplayedViolation {
  property: string;
  kind: PropertyKind;
  reason?: string;
}

/** What a replayed path reaches: its trace, its loop if it is a lasso, and what it violates. */
export interface ReplayOutcome<S, A> {
  trace: TraceStep<S, A>[];
  /** Set for a lasso: the last state equals the state at this step. */
  loopsBackTo?: number;
  /** True when the last state has no enabled action. */
  terminal: boolean;
  /**
   * The properties the path is a counterexample to: an `always` false in its last state, an
   * `atQuiescence` false in its last state when that state is terminal, an `eventually` false in
   * every state of a path that ends in a terminal state or loops. In the model's order.
   */
  violated: ReplayedViolation[];
}

function decode(model: Model<unknown, unknown>, replayString: unknown): ReplayPath {
  if (typeof replayString !== 'string') {
    throw new ReplayError(
      `a replay string must be a string, got ${replayString === null ? 'null' : typeof replayString}`,
      'Pass the whole replay string printed with the violation, e.g. "cdc1:die-hard@1:0:1.4.0.4.1.4:9c1e33a0".',
    );
  }
  const path = decodeReplay(replayString);
  const version = model.version ?? '1';
  if (path.model !== model.name) {
    throw new ReplayError(
      `this replay string was made by model "${path.model}", not "${model.name}"`,
      `Replay it against the scenario it came from (${path.model}).`,
    );
  }
  if (path.version !== version) {
    throw new ReplayError(
      `this replay string was made by version ${path.version} of model "${model.name}", but the model is now version ${version}`,
      'Re-run the check to get a fresh counterexample for the current model.',
    );
  }
  return path;
}

/**
 * Re-runs the trace encoded in `replayString` against `model` and returns it, step by step.
 *
 * Throws `ReplayError` when the string is not a string or is malformed, was made by another
 * model or version, or no longer applies: an action index that is no longer enabled (naming the
 * step), a final state that differs from the one recorded, or a lasso whose last state is not
 * the state it claims to loop back to. Throws `ModelError` if the model throws on the way.
 */
export function replay<S, A>(model: Model<S, A>, replayString: string): TraceStep<S, A>[] {
  return replayPath(model, replayString).trace;
}

function replayPath<S, A>(model: Model<S, A>, replayString: string): { trace: TraceStep<S, A>[]; path: ReplayPath; runner: ModelRunner<S, A> } {
  const path = decode(model as Model<unknown, unknown>, replayString);
  const runner = new ModelRunner(model, false);
  const trace = followPath(runner, path.init, path.choices);
  if (trace instanceof PathBroken) {
    const what =
      trace.step === 0
        ? `initial state #${trace.choice}, but the model has ${trace.enabled === 1 ? 'only one initial state (#0)' : `initial states #0 to #${trace.enabled - 1}`}`
        : trace.enabled === 0
          ? `action #${trace.choice}, but that state is terminal: no action is enabled in it`
          : `action #${trace.choice}, but only actions #0 to #${trace.enabled - 1} are enabled there`;
    throw new ReplayError(
      `the trace no longer applies at step ${trace.step}: it takes ${what}`,
      'The path does not fit this model: re-run the check for a fresh counterexample, or check that the string was copied whole.',
      trace.step,
    );
  }
  const last = trace[trace.length - 1]!.state;
  const fingerprint = runner.fingerprint(last, () => trace);
  if (fingerprint !== path.fingerprint) {
    throw new ReplayError(
      `the trace replays all ${path.choices.length} steps but ends in a state whose hash is ${fingerprint}, not the ${path.fingerprint} the string records`,
      'Either the string was edited, or the model changed since it was recorded (same name and version); re-run the check, and bump model.version when semantics change.',
      path.choices.length,
    );
  }
  if (path.loopsBackTo !== undefined) {
    const back = runner.fingerprint(trace[path.loopsBackTo]!.state, () => trace);
    if (back !== fingerprint) {
      throw new ReplayError(
        `the lasso does not close: its last state (hash ${fingerprint}) is not the state at step ${path.loopsBackTo} (hash ${back})`,
        'The loop field of the string was edited, or the model changed; re-run the check for a fresh counterexample.',
        path.choices.length,
      );
    }
  }
  return { trace, path, runner };
}

/**
 * Re-runs a replay string, as `replay` does, and says which properties the path is a
 * counterexample to (see `ReplayOutcome.violated`). A path that violates nothing is not an
 * error: the caller decides what it claimed.
 */
export function replayOutcome<S, A>(model: Model<S, A>, replayString: string): ReplayOutcome<S, A> {
  const { trace, path, runner } = replayPath(model, replayString);
  const soFar = () => trace;
  const last = trace[trace.length - 1]!.state;
  const terminal = runner.actions(last, soFar).length === 0;
  const lasso = path.loopsBackTo !== undefined;
  const violated: ReplayedViolation[] = [];
  for (const p of model.properties) {
    let broken = false;
    if (p.kind === 'always') broken = !runner.holds(p, last, soFar);
    else if (p.kind === 'atQuiescence') broken = terminal && !runner.holds(p, last, soFar);
    else if (p.kind === 'eventually') broken = (terminal || lasso) && trace.every((step) => !runner.holds(p, step.state, soFar));
    if (!broken) continue;
    const reason = runner.explain(p, last);
    violated.push({ property: p.name, kind: p.kind, ...(reason === undefined ? {} : { reason }) });
  }
  return { trace, terminal, violated, ...(lasso ? { loopsBackTo: path.loopsBackTo } : {}) };
}
