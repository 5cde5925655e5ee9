import { existsSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScenarioRegistry } from '../ScenarioRegistry.ts';
import { UsageError } from '../UsageError.ts';

/** The committed reports, which only `npm run reports` (--overwrite-committed-reports) replaces. */
const COMMITTED_REPORTS = resolve(fileURLToPath(new URL('../../../reports', import.meta.url)));

/** Refuses a --report value that is a scenario id, empty, or (unless asked) the committed reports/. */
export function checkReportDir(dir: string, registry: ScenarioRegistry, overwriteCommitted: boolean): void {
  if (registry.scenarios.some((s) => s.id === dir)) {
    throw new UsageError(`--report takes a directory, and '${dir}' is a scenario id`, `write e.g. \`--report out/reports ${dir}\``);
  }
  if (dir.trim() === '') throw new UsageError('--report takes a directory, and got an empty name', 'write e.g. `--report out/reports`');
  const target = resolve(dir);
  if (!overwriteCommitted && (target === COMMITTED_REPORTS || target.startsWith(`${COMMITTED_REPORTS}${sep}`))) {
    throw new UsageError(`--report ${dir} would overwrite the committed reports/`, 'write to another directory; `npm run reports` regenerates reports/ on purpose');
  }
}

/** Refuses an --out value that is empty, a directory, or in a directory that does not exist. */
export function checkOutFile(file: string): void {
  if (file.trim() === '') throw new UsageError('--out takes a file name, and got an empty one', 'write e.g. `--out shard-0.json`');
  const hint = 'give --out a file name in an existing directory, e.g. `--out shard-0.json`';
  if (existsSync(file) && statSync(file).isDirectory()) throw new UsageError(`--out ${file} is a directory`, hint);
  const dir = dirname(resolve(file));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--out ${file}: no directory ${dirname(file)}`, hint);
}
