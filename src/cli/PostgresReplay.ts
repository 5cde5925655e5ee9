import type { TraceStep } from '../engine/CheckResult.ts';
import type { TraceFile } from '../report/TraceFile.ts';
import { importTypeScript } from './internal/importTypeScript.ts';

/**
 * The extension point for `cdc-check replay --postgres`: re-enacts a replayed trace against a
 * real PostgreSQL (the `conformance/` work) and says whether the database agrees with the model.
 *
 * The CLI loads it lazily from `conformance/replayOnPostgres.ts`, which must export a function
 * of this type named `replayOnPostgres`; until that module exists, `--postgres` fails with a
 * clear usage error. Lazy, so that plain replays never load a database driver.
 */
export type PostgresReplay = (
  trace: TraceFile,
  steps: readonly TraceStep<unknown, unknown>[],
) => Promise<{ agrees: boolean; report: string }>;

/** Where the CLI looks for the PostgreSQL replay, relative to this file. */
export const POSTGRES_REPLAY_MODULE = '../../conformance/replayOnPostgres.ts';

/** Loads the PostgreSQL replay, or returns undefined when `conformance/` does not provide it. */
export async function loadPostgresReplay(): Promise<PostgresReplay | undefined> {
  try {
    const mod = (await importTypeScript(new URL(POSTGRES_REPLAY_MODULE, import.meta.url))) as { replayOnPostgres?: PostgresReplay };
    return typeof mod.replayOnPostgres === 'function' ? mod.replayOnPostgres : undefined;
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw e;
  }
}
