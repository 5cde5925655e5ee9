/**
 * cdc-check's public API: the generic model checker, with explicit named exports.
 * @packageDocumentation
 */
export type { Model } from './engine/Model.ts';
export type { StateCodec } from './engine/StateCodec.ts';
export { CollapseCodec } from './engine/CollapseCodec.ts';
export type { Property, PropertyKind, PropertyOptions, ReductionHints } from './engine/Property.ts';
export { always, atQuiescence, eventually, sometimes } from './engine/Property.ts';
export type { Fairness } from './engine/Fairness.ts';
export { strongFairness, weakFairness } from './engine/Fairness.ts';
export type {
  CheckMode,
  CheckOptions,
  CheckResult,
  CheckStats,
  Progress,
  Reduction,
  ReductionStats,
  TraceStep,
  Violation,
} from './engine/CheckResult.ts';
export type { TraceView } from './engine/TraceView.ts';
export type { ActionFootprint, Footprint, Independence } from './engine/Independence.ts';
export type { Budgets } from './engine/Budgets.ts';
export { check } from './engine/check.ts';
export type { ModelSource } from './engine/ModelSource.ts';
export { modelSource } from './engine/ModelSource.ts';
export { replay, replayOutcome } from './engine/replay.ts';
export type { ReplayOutcome, ReplayedViolation } from './engine/replay.ts';
export { stableKey, UnserialisableError } from './engine/stableKey.ts';
export { decodeReplay, encodeReplay } from './engine/replayString.ts';
export type { ReplayPath } from './engine/replayString.ts';
export { CheckerError, InvalidOptionError, ModelError, NondeterminismError, ReplayError } from './engine/CheckerError.ts';
export { pointOfNoReturn, pointOfNoReturnOf } from './engine/pointOfNoReturn.ts';
export type { PointOfNoReturnOptions, PointOfNoReturnResult } from './engine/pointOfNoReturn.ts';
