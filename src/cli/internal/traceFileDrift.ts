import { compactJson, diffStates, formatChange } from '../../report/internal/diffStates.ts';
import { traceFileStates, type TraceFile } from '../../report/TraceFile.ts';

/** Where a trace file and what the current model derives from it first disagree. */
export interface TraceFileDrift {
  /** The step concerned, when the difference is inside one. */
  step?: number;
  /** One line: the field, what the file says and what the model gives. */
  what: string;
  /** Whether the difference is in a state (the model changed) or in a label the model derives (the file was edited). */
  cause: 'state' | 'label';
}

/**
 * Compares a trace file, field by field, with the file the current model writes for the same
 * path (`derived`, from `toTraceFile` of the replayed trace). States come first, since a state
 * that differs means the model changed; then every label and recorded field of each step
 * (action, actionData, actor, target, fault, says); then the header. `#meta.options` is not
 * compared: how the trace was found (mode, seed) cannot be re-derived from the trace.
 */
export function traceFileDrift(recorded: TraceFile, derived: TraceFile): TraceFileDrift | undefined {
  const mine = traceFileStates(recorded);
  const theirs = traceFileStates(derived);
  if (mine.length !== theirs.length) {
    return { what: `the file has ${mine.length} states, the replayed path ${theirs.length}`, cause: 'label' };
  }
  for (let i = 0; i < mine.length; i++) {
    if (compactJson(mine[i]) !== compactJson(theirs[i])) {
      const changes = diffStates(mine[i], theirs[i]);
      return { step: i, what: `the model now reaches a different state there: ${changes.slice(0, 3).map((c) => formatChange(c)).join('; ')}`, cause: 'state' };
    }
  }
  for (let i = 0; i < recorded.states.length; i++) {
    const difference = firstDifference(recorded.states[i]!['#meta'], derived.states[i]!['#meta'], `states[${i}].#meta`);
    if (difference) return { step: i, what: difference, cause: 'label' };
  }
  const { options: _o, ...recordedMeta } = recorded['#meta'];
  const { options: _d, ...derivedMeta } = derived['#meta'];
  return (
    [
      firstDifference(recordedMeta, derivedMeta, '#meta'),
      firstDifference(recorded.vars, derived.vars, 'vars'),
      firstDifference(recorded.actions, derived.actions, 'actions'),
    ]
      .filter((d): d is string => d !== undefined)
      .map((what): TraceFileDrift => ({ what, cause: 'label' }))[0]
  );
}

/** The first path at which two JSON values differ, as "path: the file says X, the model gives Y". */
function firstDifference(recorded: unknown, derived: unknown, path: string): string | undefined {
  if (compactJson(recorded) === compactJson(derived)) return undefined;
  if (isRecord(recorded) && isRecord(derived)) {
    for (const key of [...new Set([...Object.keys(derived), ...Object.keys(recorded)])]) {
      const d = firstDifference(recorded[key], derived[key], `${path}.${key}`);
      if (d) return d;
    }
  }
  if (Array.isArray(recorded) && Array.isArray(derived) && recorded.length === derived.length) {
    for (let i = 0; i < recorded.length; i++) {
      const d = firstDifference(recorded[i], derived[i], `${path}[${i}]`);
      if (d) return d;
    }
  }
  return `${path}: the file says ${shown(recorded)}, the model gives ${shown(derived)}`;
}

function shown(v: unknown): string {
  if (v === undefined) return 'nothing';
  const text = compactJson(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
