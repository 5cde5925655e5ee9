import type { Model } from '../engine/Model.ts';
import type { PropertyKind } from '../engine/Property.ts';
import type { TraceStep } from '../engine/CheckResult.ts';
import type { TraceView } from '../engine/TraceView.ts';
import { diffStates, type StateChange } from './internal/diffStates.ts';
import { fallbackView } from './internal/fallbackView.ts';

export type { StateChange } from './internal/diffStates.ts';

/** One step of a trace, already interpreted through the model's `TraceView`. */
export interface ReportStep {
  /** 0 for the initial state, then 1, 2, … for each action. */
  index: number;
  /** The formatted action (`model.formatAction`), or null for the initial state. */
  action: string | null;
  /** The raw action as data, kept for the JSON trace. */
  actionData: unknown;
  /** The lane performing the action, or null for the initial state. */
  actor: string | null;
  /** The lane the action mainly affects, when not the actor. */
  target: string | null;
  /** True when the action is an injected fault (crash, lost ack, failed commit). */
  fault: boolean;
  /** What each lane says in the state after this step. */
  says: Readonly<Record<string, string>>;
  /** Lanes whose "says" text differs from the previous step. */
  changedLanes: readonly string[];
  /** Structural diff of the state against the previous step. */
  changes: readonly StateChange[];
  /** The state itself (plain data). */
  state: unknown;
}

/** Who and what a trace is about; all renderers print this header. */
export interface TraceSubject {
  scenario: string;
  /** The property's name (an invariant id, or a `sometimes` check). */
  property: string;
  kind: PropertyKind;
  /** The scenario's one-line title. */
  title?: string;
  /** A paragraph on the mechanism the trace shows. */
  explanation?: string;
  /** The scope the model was built at. */
  scope?: string;
  /** What the scenario expects for this property. */
  expected?: 'holds' | 'violated';
  /**
   * Why the property fails at the end of the trace, in the property's own words (its `explain`,
   * copied by the engine into `Violation.reason`), e.g. "acct-1#1 committed at LSN 4; no record
   * in Kafka has eventId acct-1#1".
   */
  reason?: string;
  /**
   * Set when the trace is a lasso: its last state equals the state at step `loopsBackTo`, so the
   * steps after it are a cycle that can repeat for ever (the stem is steps 0..loopsBackTo).
   */
  loopsBackTo?: number;
  /**
   * The step where the damage was done: the first step after which the property can no longer
   * be satisfied (the crash, or the confirmation that skipped the lost event), from the engine's
   * `pointOfNoReturn`. Absent when it is not known (a search bound was hit, or the goal stayed
   * reachable all along a lasso).
   */
  damageStep?: number;
}

/**
 * A counterexample ready to render: lanes, interpreted steps and the replay string.
 * Built once by `buildTraceReport`; every renderer (text, Markdown, HTML, JSON) reads only this.
 */
export interface TraceReport extends TraceSubject {
  model: { name: string; version: string };
  lanes: readonly string[];
  steps: readonly ReportStep[];
  /** Reproduces the trace with the engine's `replay`. */
  replay: string;
  /** Exploration options that found the trace (mode, seed, …), echoed into the JSON trace. */
  options: Readonly<Record<string, unknown>>;
}

/**
 * Interprets an engine trace through the model's view.
 *
 * Pure. Uses `model.view` when there is one, and otherwise a single-lane view that shows the
 * state as JSON, so every model can be reported, just less readably. Without `subject.reason`,
 * the reason is asked of the named property's `explain` on the last state, when the property
 * fails there.
 */
export function buildTraceReport<S, A>(
  model: Model<S, A>,
  trace: readonly TraceStep<S, A>[],
  subject: TraceSubject & { replay: string; options?: Readonly<Record<string, unknown>> },
): TraceReport {
  const view: TraceView<S, A> = model.view ?? fallbackView<S, A>();
  const format = (a: A): string => (model.formatAction ? model.formatAction(a) : JSON.stringify(a));
  const steps: ReportStep[] = [];
  let prev: ReportStep | undefined;
  for (const [index, step] of trace.entries()) {
    const says = { ...view.says(step.state) };
    const action = step.action;
    const actor = action === null ? null : view.actor(action);
    const target = action === null ? null : (view.target?.(action) ?? null);
    const current: ReportStep = {
      index,
      action: action === null ? null : format(action),
      actionData: action,
      actor,
      target: target === actor ? null : target,
      fault: action === null ? false : view.isFault(action),
      says,
      changedLanes: prev ? view.lanes.filter((l) => prev!.says[l] !== says[l]) : [],
      changes: prev ? diffStates(prev.state, step.state) : [],
      state: step.state,
    };
    steps.push(current);
    prev = current;
  }
  const { replay, options, reason, ...rest } = subject;
  const why = reason ?? explainLast(model, subject.property, trace);
  return {
    ...rest,
    ...(why === undefined ? {} : { reason: why }),
    model: { name: model.name, version: model.version ?? '1' },
    lanes: [...view.lanes],
    steps,
    replay,
    options: options ?? {},
  };
}

/** The named property's explanation of its failure in the trace's last state, if it fails there and has one. */
function explainLast<S, A>(model: Model<S, A>, property: string, trace: readonly TraceStep<S, A>[]): string | undefined {
  const p = model.properties.find((x) => x.name === property);
  const last = trace[trace.length - 1];
  if (!p?.explain || !last || p.kind === 'sometimes') return undefined;
  try {
    if (p.holds(last.state) === true) return undefined;
    const why = p.explain(last.state);
    return typeof why === 'string' && why !== '' ? why : undefined;
  } catch {
    // A property that throws is the engine's to report, with its trace; a report just has no reason.
    return undefined;
  }
}
