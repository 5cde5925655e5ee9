import type { Scenario, ScopeName } from '../../../models/Scenario.ts';
import type { Model } from '../../engine/Model.ts';
import { decodeReplay, replayOutcome, type ReplayError } from '../../index.ts';
import { compactJson, diffStates, formatChange } from '../../report/internal/diffStates.ts';
import { traceFileStates, type TraceFile } from '../../report/TraceFile.ts';

/** The scopes the CLI builds models at, smallest first. */
export const SCOPES = ['small', 'medium', 'large'] as const satisfies readonly ScopeName[];

/** What the CLI knows when a replay fails: the scenario and scope it was replayed at, and the file if any. */
export interface FailedReplay {
  scenario: Scenario;
  scope: ScopeName;
  replay: string;
  error: ReplayError;
  file?: TraceFile;
}

/**
 * The hint printed under "does not reproduce": what actually differs, found by looking rather
 * than guessed. In order: the path fits another scope; (with a file) a state before the break
 * differs from the recorded one, so the model changed; the file's recorded action is offered under
 * another index, so the replay string was edited; the path ends in the recorded state, so only
 * the hash was edited. The model-changed hint is given only when nothing else explains it.
 */
export function replayFailureHint(failed: FailedReplay): string {
  const { scenario, scope, replay, error, file } = failed;
  if (/made by (model|version)/.test(error.message)) return error.hint;
  for (const other of SCOPES) {
    if (other === scope) continue;
    try {
      replayOutcome(scenario.model(other) as Model<unknown, unknown>, replay);
      return file ? `it replays at scope ${other}, but #meta.scope says ${scope}: the file's scope was edited` : `it replays at scope ${other}: pass --scope ${other}`;
    } catch {
      // Not this scope either.
    }
  }
  const model = scenario.model(scope) as Model<unknown, unknown>;
  const path = decodeReplay(replay);
  const walked = walk(model, path.init, path.choices);
  if (file) {
    const recorded = traceFileStates(file);
    for (let i = 0; i < walked.states.length && i < recorded.length; i++) {
      const label = file.states[i]!['#meta'].action;
      if (i > 0 && label !== walked.labels[i]) {
        const index = label === null ? -1 : walked.offered[i - 1]!.indexOf(label);
        if (index >= 0) return `the file records '${label}' at step ${i}, which is action #${index} there, but #meta.replay takes #${path.choices[i - 1]} ('${walked.labels[i]}'): the replay string was edited`;
        return `every state up to step ${i - 1} is as recorded, but the model no longer offers '${label}' there: the model changed without a version bump; re-run \`cdc-check check\``;
      }
      if (compactJson(walked.states[i]) !== compactJson(recorded[i])) {
        const changes = diffStates(recorded[i], walked.states[i]).slice(0, 3).map((c) => formatChange(c));
        return `at step ${i} the model now reaches another state than the file records (${changes.join('; ')}): the model changed without a version bump; re-run \`cdc-check check\``;
      }
    }
    if (walked.brokenAt !== undefined) {
      const label = file.states[walked.brokenAt]?.['#meta'].action;
      const index = label === undefined || label === null ? -1 : walked.offered[walked.brokenAt - 1]!.indexOf(label);
      if (index >= 0) return `the file records '${label}' at step ${walked.brokenAt}, which is action #${index} there, not #${path.choices[walked.brokenAt - 1]}: the replay string in #meta.replay was edited`;
    } else if (walked.states.length === recorded.length) {
      return 'the path ends in the very state the file records: the hash in #meta.replay was edited';
    }
    return 'the replay string in #meta.replay does not follow the recorded steps: the file was edited';
  }
  if (walked.brokenAt === undefined) {
    return `the path applies at scope ${scope} but ends in another state than the string's hash records: the hash was edited, or the model changed without a version bump`;
  }
  return `the path does not fit ${scenario.id} at any scope: the string was edited or truncated, or the model changed without a version bump`;
}

/**
 * Follows a path as far as it applies: the states reached, each step's action label
 * (`labels[i]` led to `states[i]`), the labels offered before each step, and where it broke.
 */
function walk(model: Model<unknown, unknown>, init: number, choices: readonly number[]): { states: unknown[]; labels: (string | null)[]; offered: string[][]; brokenAt?: number } {
  const format = (a: unknown): string => (model.formatAction ? model.formatAction(a) : JSON.stringify(a));
  const first = model.initial()[init];
  if (first === undefined) return { states: [], labels: [], offered: [], brokenAt: 0 };
  const states: unknown[] = [first];
  const labels: (string | null)[] = [null];
  const offered: string[][] = [];
  for (const [i, choice] of choices.entries()) {
    const actions = model.actions(states[states.length - 1]);
    offered.push(actions.map(format));
    const action = actions[choice];
    if (action === undefined) return { states, labels, offered, brokenAt: i + 1 };
    labels.push(format(action));
    states.push(model.next(states[states.length - 1], action));
  }
  return { states, labels, offered };
}
