import type { Scenario, ScopeName } from '../../models/Scenario.ts';
import type { CheckMode, CheckOptions, Progress } from '../engine/CheckResult.ts';
import type { Model } from '../engine/Model.ts';
import type { ModelSource } from '../engine/ModelSource.ts';
import type { Shard } from '../engine/Shard.ts';
import { check } from '../index.ts';
import type { ScenarioRun } from '../report/ScenarioRun.ts';
import { verdictRows } from '../report/VerdictRow.ts';

/** How `cdc-check check` explores. */
export interface RunOptions {
  mode: CheckMode;
  scope: ScopeName;
  /** Random mode's seed; omitted to use the engine's default. */
  seed?: number;
  maxStates?: number;
  /** Exhaustive: do not expand states deeper than this (incomplete if any had successors). */
  maxDepth?: number;
  /** Random: number of random schedules. */
  runs?: number;
  /** Random: maximum steps per schedule. */
  maxSteps?: number;
  timeoutMs?: number;
  maxMemoryMb?: number;
  /** Exhaustive: symmetry reduction by the model's `representative` (ignored by a model without one). */
  symmetry?: boolean;
  /** Exhaustive: keep full state keys instead of 64-bit fingerprints. */
  exactKeys?: boolean;
  /** Run shard `index` of `count` (see `Shard.ts`); undefined for the whole check. */
  shard?: Shard;
  /**
   * Exhaustive: partial-order reduction by the model's `independence` (ignored by a model
   * without one; `result.stats.reduction` is then absent).
   */
  por?: boolean;
  /**
   * Exhaustive: subsumption by the model's fault `budgets` (ignored by a model without them;
   * `result.stats.subsumption` is then absent).
   */
  subsumption?: boolean;
  /**
   * Exhaustive: worker threads for the parallel search, with `source` saying where they build the
   * model; 1 (or no source) searches in this thread.
   */
  workers?: number;
  source?: (id: string, scope: ScopeName) => ModelSource;
  onProgress?: (progress: Progress) => void;
}

/**
 * Builds the scenario's model at the scope, checks it, and turns the result into verdict rows.
 * The engine's own errors (a misbehaving model, an invalid option) propagate to the caller.
 */
export function runScenario(scenario: Scenario, options: RunOptions): ScenarioRun {
  const model = scenario.model(options.scope) as Model<unknown, unknown>;
  const checkOptions: CheckOptions = { mode: options.mode };
  if (options.seed !== undefined) checkOptions.seed = options.seed;
  if (options.maxStates !== undefined) checkOptions.maxStates = options.maxStates;
  if (options.maxDepth !== undefined) checkOptions.maxDepth = options.maxDepth;
  if (options.runs !== undefined) checkOptions.runs = options.runs;
  if (options.maxSteps !== undefined) checkOptions.maxSteps = options.maxSteps;
  if (options.timeoutMs !== undefined) checkOptions.timeoutMs = options.timeoutMs;
  if (options.maxMemoryMb !== undefined) checkOptions.maxMemoryMb = options.maxMemoryMb;
  if (options.symmetry && model.representative) checkOptions.symmetry = true;
  if (options.exactKeys) checkOptions.exactKeys = true;
  if (options.por && model.independence) checkOptions.reduction = 'por';
  if (options.subsumption && model.budgets) checkOptions.subsumption = true;
  if (options.shard) checkOptions.shard = options.shard;
  if (options.onProgress) checkOptions.onProgress = options.onProgress;
  if (options.workers !== undefined && options.workers > 1 && options.source) {
    checkOptions.workers = options.workers;
    checkOptions.source = options.source(scenario.id, options.scope);
  }
  const result = check(model, checkOptions);
  // Only what reproduces the run goes into reports: never timings, so committed reports are stable.
  const recorded: Record<string, unknown> = { mode: options.mode };
  if (options.mode === 'random') {
    recorded.seed = options.seed ?? null;
    if (options.runs !== undefined) recorded.runs = options.runs;
    if (options.maxSteps !== undefined) recorded.maxSteps = options.maxSteps;
  }
  if (options.shard) recorded.shard = `${options.shard.index}/${options.shard.count}`;
  // A reduced search's counterexample need not be the shortest: the report says how it was found.
  if (checkOptions.reduction === 'por') recorded.reduction = 'por';
  if (checkOptions.subsumption) recorded.subsumption = true;
  return {
    scenario: { id: scenario.id, title: scenario.title, explanation: scenario.explanation, expected: scenario.expected },
    scope: options.scope,
    options: recorded,
    model,
    result,
    rows: verdictRows(scenario.id, scenario.expected, model.properties, result),
  };
}
