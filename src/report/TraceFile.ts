import type { PropertyKind } from '../engine/Property.ts';
import type { TraceReport } from './TraceReport.ts';

/** The `format` tag every cdc-check trace file carries. */
export const TRACE_FORMAT = 'cdc-check-trace';
/** The schema version written by this code. Bump it on any incompatible change. */
export const TRACE_FORMAT_VERSION = 1;

/** Per-step metadata, kept apart from the state's own variables as ITF does. */
export interface TraceFileStepMeta {
  index: number;
  /** The formatted action, or null for the initial state. */
  action: string | null;
  /** The action as data. */
  actionData: unknown;
  actor: string | null;
  target: string | null;
  fault: boolean;
  /** What each lane says after this step. */
  says: Record<string, string>;
}

/** One state of the trace: `#meta`, then one entry per state variable. */
export type TraceFileState = { '#meta': TraceFileStepMeta } & Record<string, unknown>;

/**
 * A counterexample trace on disk (`reports/<scenario>/<property>.json`), version 1.
 *
 * The shape follows ITF, the Informal Trace Format of Apalache and Quint: a `#meta` header,
 * `vars` (the state's top-level variables) and `states`, each an object of those variables plus
 * its own `#meta`. States are plain JSON, so ITF's special encodings (`#bigint`, `#set`, `#map`)
 * are never needed. A state that is not an object is stored whole under the variable `#value`.
 *
 * Enough to replay: `scenario` and `scope` rebuild the model, `model` (name and version) detects
 * a model that changed since, and `replay` is the engine's replay string. `states` lets a replay
 * point at the first step where the current model disagrees with the recorded one.
 * The schema is documented for readers in `docs/trace-format.md`.
 */
export interface TraceFile {
  '#meta': {
    format: typeof TRACE_FORMAT;
    formatVersion: number;
    description: string;
    model: { name: string; version: string };
    scenario: string;
    property: string;
    kind: PropertyKind;
    expected: 'holds' | 'violated' | null;
    scope: string | null;
    options: Record<string, unknown>;
    replay: string;
    lanes: string[];
  };
  vars: string[];
  /** The actions in order, as formatted (`actions[i]` leads from `states[i]` to `states[i + 1]`). */
  actions: string[];
  states: TraceFileState[];
}

/** Raised by `parseTraceFile` when a file is not a readable cdc-check trace. */
export class TraceFileError extends Error {
  override name = 'TraceFileError';
}

const VALUE_VAR = '#value';

/** Converts a report into the on-disk trace. Pure. */
export function toTraceFile(report: TraceReport): TraceFile {
  const objectStates = report.steps.every((s) => isRecord(s.state));
  const vars = objectStates ? [...new Set(report.steps.flatMap((s) => Object.keys(s.state as object)))].sort() : [VALUE_VAR];
  return {
    '#meta': {
      format: TRACE_FORMAT,
      formatVersion: TRACE_FORMAT_VERSION,
      description: `Counterexample to ${report.property} in scenario ${report.scenario}; replay with: cdc-check replay <this file>`,
      model: { ...report.model },
      scenario: report.scenario,
      property: report.property,
      kind: report.kind,
      expected: report.expected ?? null,
      scope: report.scope ?? null,
      options: { ...report.options },
      replay: report.replay,
      lanes: [...report.lanes],
    },
    vars,
    actions: report.steps.flatMap((s) => (s.action === null ? [] : [s.action])),
    states: report.steps.map((s) => ({
      '#meta': {
        index: s.index,
        action: s.action,
        actionData: s.actionData ?? null,
        actor: s.actor,
        target: s.target,
        fault: s.fault,
        says: { ...s.says },
      },
      ...(objectStates ? (s.state as Record<string, unknown>) : { [VALUE_VAR]: s.state }),
    })),
  };
}

/** The states of a trace file, as the model produced them. */
export function traceFileStates(file: TraceFile): unknown[] {
  return file.states.map((entry) => {
    if (file.vars.length === 1 && file.vars[0] === VALUE_VAR) return entry[VALUE_VAR];
    const state: Record<string, unknown> = {};
    for (const v of file.vars) if (v in entry) state[v] = entry[v];
    return state;
  });
}

/**
 * Parses and validates a trace file's text. Throws `TraceFileError` naming the first problem
 * (not JSON, another format, a newer version, a missing field), never a bare `TypeError`.
 */
export function parseTraceFile(text: string): TraceFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new TraceFileError(`not JSON (${(e as Error).message})`);
  }
  if (!isRecord(data) || !isRecord(data['#meta'])) throw new TraceFileError('no "#meta" header: not a cdc-check trace');
  const meta = data['#meta'];
  if (meta.format !== TRACE_FORMAT) throw new TraceFileError(`format is ${JSON.stringify(meta.format)}, expected "${TRACE_FORMAT}"`);
  if (typeof meta.formatVersion !== 'number' || meta.formatVersion > TRACE_FORMAT_VERSION) {
    throw new TraceFileError(`format version ${String(meta.formatVersion)} is newer than this cdc-check reads (${TRACE_FORMAT_VERSION})`);
  }
  for (const field of ['scenario', 'property', 'replay'] as const) {
    if (typeof meta[field] !== 'string') throw new TraceFileError(`"#meta.${field}" is missing or not a string`);
  }
  const model = meta.model;
  if (!isRecord(model) || typeof model.name !== 'string' || typeof model.version !== 'string') {
    throw new TraceFileError('"#meta.model" must give the model name and version');
  }
  if (!Array.isArray(data.vars) || !Array.isArray(data.states)) throw new TraceFileError('"vars" and "states" must be arrays');
  for (const [i, s] of data.states.entries()) {
    if (!isRecord(s) || !isRecord(s['#meta'])) throw new TraceFileError(`state ${i} has no "#meta"`);
  }
  return data as unknown as TraceFile;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
