import type { Row } from './Workload.ts';

/** One row change as logical decoding reports it. */
export interface DecodedChange {
  /** The table's schema, so a reader can ignore other schemas' changes on a shared server. */
  schema: string;
  /** Table name without schema. */
  table: string;
  op: 'insert' | 'update' | 'delete' | 'truncate';
  /** New row for insert/update; the replica-identity key columns for delete; `{}` for truncate. */
  row: Row;
  /** The change's own LSN (PostgreSQL assigns it when the statement writes, not at commit). */
  lsn: string;
}

/** One committed transaction from the decoding stream. */
export interface DecodedTransaction {
  xid: string;
  /** LSN of the COMMIT line, as PostgreSQL prints it (e.g. `0/1A2B3C8`). */
  commitLsn: string;
  changes: DecodedChange[];
}

/** A line of `pg_logical_slot_get_changes` output: its LSN and text. */
export interface DecodingLine {
  lsn: string;
  data: string;
}

const CHANGE = /^table ([^:]+): (INSERT|UPDATE|DELETE|TRUNCATE):\s?(.*)$/;
const COLUMN = /([A-Za-z_][A-Za-z0-9_]*)\[([^\]]+)\]:('(?:[^']|'')*'|\S+)/g;
const NUMERIC_TYPES = new Set(['integer', 'bigint', 'smallint']);

/**
 * Parses `test_decoding` output (with `include-xids`) into transactions.
 *
 * The format is one line per event: `BEGIN <xid>`, `table <schema>.<name>: <OP>: col[type]:value
 * …`, `COMMIT <xid>`. Integers become numbers, quoted text is unquoted, `null` is null. It throws
 * on lines it does not understand, so a format change cannot quietly empty the comparison.
 *
 * Pure.
 */
export function parseTestDecoding(lines: readonly DecodingLine[]): DecodedTransaction[] {
  const transactions: DecodedTransaction[] = [];
  let current: { xid: string; changes: DecodedChange[] } | undefined;
  for (const { lsn, data } of lines) {
    const begin = /^BEGIN (\d+)$/.exec(data);
    if (begin !== null) {
      if (current !== undefined) throw new Error(`BEGIN ${begin[1]} inside transaction ${current.xid}`);
      current = { xid: begin[1]!, changes: [] };
      continue;
    }
    const commit = /^COMMIT (\d+)$/.exec(data);
    if (commit !== null) {
      if (current === undefined || current.xid !== commit[1]) throw new Error(`unexpected ${data}`);
      transactions.push({ xid: current.xid, commitLsn: lsn, changes: current.changes });
      current = undefined;
      continue;
    }
    const change = CHANGE.exec(data);
    if (change !== null && current !== undefined) {
      const qualified = change[1]!;
      const dot = qualified.lastIndexOf('.');
      current.changes.push({
        schema: dot < 0 ? '' : qualified.slice(0, dot),
        table: qualified.slice(dot + 1),
        op: change[2]!.toLowerCase() as DecodedChange['op'],
        row: change[2] === 'TRUNCATE' ? {} : parseColumns(change[3] ?? ''),
        lsn,
      });
      continue;
    }
    throw new Error(`cannot parse test_decoding line: ${data}`);
  }
  if (current !== undefined) throw new Error(`transaction ${current.xid} has no COMMIT`);
  return transactions;
}

/** An LSN such as `0/1A2B3C8` as a number that orders like the LSN. Pure. */
export function lsnValue(lsn: string): bigint {
  const [high, low] = lsn.split('/');
  return (BigInt(`0x${high ?? '0'}`) << 32n) + BigInt(`0x${low ?? '0'}`);
}

function parseColumns(text: string): Row {
  // test_decoding prints updates of rows whose key changed as "old-key: … new-tuple: …"; the
  // workloads never change keys, so only the new tuple is kept.
  const tuple = text.includes('new-tuple:') ? text.slice(text.indexOf('new-tuple:') + 10) : text;
  const row: Record<string, number | string | null> = {};
  for (const match of tuple.matchAll(COLUMN)) {
    const [, name, type, raw] = match;
    row[name!] = parseValue(type!, raw!);
  }
  return row;
}

function parseValue(type: string, raw: string): number | string | null {
  if (raw === 'null') return null;
  if (raw.startsWith("'")) return raw.slice(1, -1).replaceAll("''", "'");
  if (NUMERIC_TYPES.has(type)) return Number(raw);
  return raw;
}
