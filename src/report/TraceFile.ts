import { z } from 'zod';
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
    /** Why the property fails at the last step, as the property's `explain` says it. */
    reason?: string;
    /** A lasso: the last state equals the state at this step; the steps after it repeat for ever. */
    loopsBackTo?: number;
    /** The step where the damage was done (the crash, or the confirmation that skipped an event). */
    damageStep?: number;
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
  const why = report;
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
      ...(why.reason === undefined ? {} : { reason: why.reason }),
      ...(why.loopsBackTo === undefined ? {} : { loopsBackTo: why.loopsBackTo }),
      ...(why.damageStep === undefined ? {} : { damageStep: why.damageStep }),
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

const stepMetaSchema = z.strictObject({
  index: z.number().int().min(0),
  action: z.string().nullable(),
  actionData: z.unknown(),
  actor: z.string().nullable(),
  target: z.string().nullable(),
  fault: z.boolean(),
  says: z.record(z.string(), z.string()),
});

/** The shape of a version-1 trace file, checked by `parseTraceFile` (the model is checked by replay). */
const traceFileSchema = z.strictObject({
  '#meta': z.strictObject({
    format: z.literal(TRACE_FORMAT),
    formatVersion: z.number().int().min(1).max(TRACE_FORMAT_VERSION),
    description: z.string(),
    model: z.strictObject({ name: z.string(), version: z.string() }),
    scenario: z.string(),
    property: z.string(),
    kind: z.enum(['always', 'eventually', 'atQuiescence', 'sometimes']),
    expected: z.enum(['holds', 'violated']).nullable(),
    scope: z.string().nullable(),
    options: z.record(z.string(), z.unknown()),
    replay: z.string(),
    lanes: z.array(z.string()),
    reason: z.string().optional(),
    loopsBackTo: z.number().int().min(0).optional(),
    damageStep: z.number().int().min(0).optional(),
  }),
  vars: z.array(z.string()),
  actions: z.array(z.string()),
  states: z.array(z.looseObject({ '#meta': stepMetaSchema })).min(1),
});

/**
 * Parses and validates a trace file's text against the version-1 schema. Throws
 * `TraceFileError` naming the first problem and where it is (`states[2].#meta.fault: expected
 * boolean, got string`): not JSON, another format, a newer version, a missing or mistyped field,
 * an unknown field, a state whose variables are not `vars`. Never a bare `TypeError`.
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
  if (meta.format !== TRACE_FORMAT) throw new TraceFileError(`format is ${show(meta.format)}, expected "${TRACE_FORMAT}"`);
  const version = meta.formatVersion;
  if (typeof version === 'number' && Number.isInteger(version) && version > TRACE_FORMAT_VERSION) {
    throw new TraceFileError(`format version ${version} is newer than this cdc-check reads (${TRACE_FORMAT_VERSION})`);
  }
  const parsed = traceFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TraceFileError(`${pathText(issue.path)}: ${issueText(issue, data)}`);
  }
  const file = parsed.data as TraceFile;
  const vars = [...file.vars].sort();
  for (const [i, state] of file.states.entries()) {
    const keys = Object.keys(state).filter((k) => k !== '#meta').sort();
    if (keys.join('\u0000') !== vars.join('\u0000')) {
      const extra = keys.filter((k) => !vars.includes(k));
      const missing = vars.filter((k) => !keys.includes(k));
      throw new TraceFileError(`states[${i}]: ${extra.length > 0 ? `has ${extra.map(show).join(', ')}, which is not in "vars"` : `lacks ${missing.map(show).join(', ')} from "vars"`}`);
    }
    if (state['#meta'].index !== i) throw new TraceFileError(`states[${i}].#meta.index: is ${state['#meta'].index}, expected ${i}`);
  }
  if (file.actions.length !== file.states.length - 1) {
    throw new TraceFileError(`actions: has ${file.actions.length} entries for ${file.states.length} states, expected ${file.states.length - 1}`);
  }
  return file;
}

/** `#meta.model.version`, `states[2].#meta.fault`: a path as a reader would type it. */
function pathText(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(the file)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

/** Zod's message, with the value found shown as JSON ("got the string "1""), never rounded. */
function issueText(issue: z.core.$ZodIssue, data: unknown): string {
  let value: unknown = data;
  for (const p of issue.path) value = isRecord(value) || Array.isArray(value) ? (value as Record<PropertyKey, unknown>)[p as string] : undefined;
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined ? `missing (expected ${issue.expected})` : `expected ${issue.expected}, got ${describe(value)}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map(show).join(', ')}`;
    case 'invalid_value':
      return `expected ${issue.values.map(show).join(' or ')}, got ${describe(value)}`;
    default:
      return `${issue.message.replace(/^Invalid input: /, '')}, got ${describe(value)}`;
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `the string ${show(value)}`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${show(value)}`;
}

function show(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
