import { availableParallelism } from 'node:os';
import type { ScopeName } from '../../../models/Scenario.ts';
import type { CheckMode } from '../../engine/CheckResult.ts';

/** What `check`'s default worker count depends on. */
export interface WorkersContext {
  scope: ScopeName;
  mode: CheckMode;
  /** Whether the check is one shard of several (`--shard i/n`, n > 1). */
  sharded: boolean;
  exactKeys: boolean;
  /** The cores to use; the machine's (`os.availableParallelism()`) when left out. */
  cores?: number;
}

/**
 * `check`'s worker count when `--workers` is not given: every core at `--scope large`, where a
 * search runs for minutes and a second core made `outbox-cdc` 1.5 times faster
 * (docs/parallel-search.md); one thread at the smaller scopes, whose searches take seconds and
 * where starting the threads and loading the model in each costs about as much as it saves
 * (`outbox-cdc --scope medium`: 25 to 28 s on two workers, 26 to 40 s on one). One thread too
 * where the search cannot take more: random mode, a shard, exact keys.
 */
export function defaultWorkers(context: WorkersContext): number {
  if (context.scope !== 'large' || context.mode !== 'exhaustive' || context.sharded || context.exactKeys) return 1;
  return Math.max(1, context.cores ?? availableParallelism());
}
