import type { TraceStep } from './CheckResult.ts';
import { ReplayError } from './CheckerError.ts';
import type { Model } from './Model.ts';
import { decodeReplay } from './replayString.ts';
import { followPath, PathBroken } from './internal/followPath.ts';
import { ModelRunner } from './internal/ModelRunner.ts';

/**
 * Re-runs the trace encoded in `replayString` against `model` and returns it, step by step.
 *
 * Throws `ReplayError` when the string is malformed, was made by another model or version, or
 * no longer applies: an action index that is no longer enabled (naming the step), or a final
 * state that differs from the one recorded. Throws `ModelError` if the model throws on the way.
 */
export function replay<S, A>(model: Model<S, A>, replayString: string): TraceStep<S, A>[] {
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
  const runner = new ModelRunner(model, false);
  const trace = followPath(runner, path.init, path.choices);
  if (trace instanceof PathBroken) {
    const what = trace.step === 0 ? `initial state #${trace.choice}` : `action #${trace.choice}`;
    throw new ReplayError(
      `the trace no longer applies at step ${trace.step}: it takes ${what}, but the model now offers only ${trace.enabled}`,
      'The model changed since this trace was recorded; re-run the check for a fresh counterexample.',
      trace.step,
    );
  }
  const last = trace[trace.length - 1]!.state;
  if (runner.fingerprint(last, () => trace) !== path.fingerprint) {
    throw new ReplayError(
      `the trace replays all ${path.choices.length} steps but ends in a different state than when it was recorded`,
      'The model changed since this trace was recorded (same name and version); bump model.version when semantics change, and re-run the check.',
      path.choices.length,
    );
  }
  return trace;
}
