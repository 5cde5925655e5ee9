/**
 * A Debezium release, `major.minor.patch` (`'2.5.4'`, `'3.6.1'`): the connector follows the
 * behaviour of that release for every rule that changed between releases (`debeziumChanges`).
 */
export type DebeziumVersion = `${number}.${number}.${number}`;

/** The release the model follows by default: the current 3.x line. */
export const currentDebezium: DebeziumVersion = '3.6.1';

/**
 * The behaviour changes the model knows, by upstream issue, with the first release that has them.
 *
 * - `DBZ-7461` (2.6.0.Beta1, commit "Support WhenNeededSnapshotter for PostgreSQL"): on start
 *   with stored offsets, `BaseSourceTask.validateAndLoadSchemaHistory` asks
 *   `PostgresConnection.validateLogPosition` whether the slot still holds the stored position
 *   (no slot, or a slot whose `restart_lsn` is past the stored `lsn_proc`, is "no":
 *   `storedPosition`); `when_needed`
 *   snapshots instead. For the other modes, up to 3.1.3 a failed check only logs a warning
 *   ("… If not the connector will streaming from the last available position in the log") and
 *   `PostgresConnectorTask.start` creates a new slot and streams from it: the same silent loss as
 *   before the check. No rule of the model keys on it (a log line is not state); it stays for the
 *   record and for `DBZ-9118`.
 * - `DBZ-9118` (3.2.0.CR1, commit cb22d78 "Fix warn log if snapshot mode when needed is required
 *   but is not set"): the failed check throws (`DebeziumException`, "… is no longer available on
 *   the server. Reconfigure the connector to use a snapshot mode when needed."), so the task
 *   fails loudly. Checked in the tags v2.6.0.Final to v3.1.3.Final (a warning) and v3.2.0.Final
 *   (the throw); a real 2.6.1 streams on (conformance/pipeline/droppedSlot261.test.ts).
 * - `DBZ-7816` ("Postgres: potential data loss on connector restart", 2.6.2 and 2.7.0): since
 *   the fix, `PostgresConnectorTask.commitRecord` does nothing and `commit()` has the streaming
 *   loop confirm to the slot the offsets Kafka Connect stored (`performCommit`, which reads
 *   them back with `getPreviousOffsets`). Before it, `BaseSourceTask.commitRecord` recorded in
 *   `lastOffsets` the offset of every record Connect reported back, on every producer callback
 *   in callback order and at once for a record a transform dropped, and `BaseSourceTask.commit()`
 *   confirmed `lastOffsets`: the slot could pass a record not yet in Kafka.
 */
export const debeziumChanges = {
  'DBZ-7461': '2.6.0',
  'DBZ-7816': '2.6.2',
  'DBZ-9118': '3.2.0',
} as const satisfies Record<string, DebeziumVersion>;

/** The name of a change in `debeziumChanges`. */
export type DebeziumChange = keyof typeof debeziumChanges;

/** True when release `version` has `change` (it is at or after the first release with it). Pure. */
export function hasChange(version: DebeziumVersion, change: DebeziumChange): boolean {
  return compareVersions(version, debeziumChanges[change]) >= 0;
}

/** Negative, zero or positive as release `a` is before, equal to or after release `b`. Pure. */
export function compareVersions(a: DebeziumVersion, b: DebeziumVersion): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return 0;
}
