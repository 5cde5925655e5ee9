/**
 * A Debezium release, as `major.minor.patch` (for example `2.6.1`, `3.2.0`). The connector's
 * rules that changed between releases are read from it with `debeziumRules`.
 */
export type DebeziumVersion = `${number}.${number}.${number}`;

/** The release the model follows unless a scenario pins another: the current 3.x line. */
export const currentDebezium: DebeziumVersion = '3.2.0';

/**
 * The connector rules that changed from one Debezium release to another, each named after the
 * change that made it.
 */
export interface DebeziumRules {
  /**
   * DBZ-7816 ("Postgres: potential data loss on connector restart", fixed in 2.6.2 and 2.7.0):
   * `true` from the fix on. Since the fix, `PostgresConnectorTask.commitRecord` does nothing and
   * `commit()` has the streaming loop confirm to the slot the offsets Kafka Connect has stored
   * (`performCommit`, which reads them back with `getPreviousOffsets`). Before it (`false`),
   * `BaseSourceTask.commitRecord` recorded in `lastOffsets` the offset of every record Connect
   * reported back, on every producer callback in callback order and at once for a record a
   * transform dropped, and `BaseSourceTask.commit()` confirmed `lastOffsets`.
   */
  dbz7816: boolean;
}

/** The rules of Debezium `version`. Throws on a string that is not `major.minor.patch`. */
export function debeziumRules(version: DebeziumVersion): DebeziumRules {
  return { dbz7816: atLeast(version, '2.6.2') };
}

/** Whether `version` is `floor` or later, compared number by number. */
export function atLeast(version: DebeziumVersion, floor: DebeziumVersion): boolean {
  const a = parts(version);
  const b = parts(floor);
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
  return true;
}

function parts(version: string): number[] {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!m) throw new Error(`Debezium version '${version}' is not major.minor.patch, e.g. 2.6.1`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}
