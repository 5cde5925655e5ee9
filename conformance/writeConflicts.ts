import pg from 'pg';
import { begin, createDatabase, readRow, write, type WriteResult } from '../models/world/database.ts';

/** A write of one row of the two-column table `locks (id, v)`. */
export interface ProbeWrite {
  op: 'insert' | 'update' | 'delete';
  id: number;
}

/**
 * Two transactions and a question: with `first` written (uncommitted) by T1, what happens when
 * T2 issues `second`? `seed` lists the ids committed beforehand.
 */
export interface ConflictCase {
  seed: number[];
  first: ProbeWrite;
  second: ProbeWrite;
}

/** The answer, in the model's words: `write`'s result for T2's statement. */
export type ProbeOutcome = Extract<WriteResult, 'ok' | 'blocked' | 'unique-violation' | 'no-row'>;

/** What each transaction reads for the first write's id before T2 writes: `v`, or null for no row. */
export interface ProbeReads {
  /** T1 reads its own uncommitted write. */
  writerSees: number | null;
  /** T2, at READ COMMITTED, sees only committed rows. */
  otherSees: number | null;
}

/**
 * Every case over ids {1, 2}: each seed, each T1 write on id 1 that succeeds on its own (insert
 * of an absent id, update or delete of a present one), and each T2 write on id 1 or 2. Small
 * enough to run exhaustively rather than sample. Pure.
 */
export function enumerateConflictCases(): ConflictCase[] {
  const cases: ConflictCase[] = [];
  for (const seed of [[], [1], [2], [1, 2]]) {
    const firsts: ProbeWrite[] = seed.includes(1)
      ? [{ op: 'update', id: 1 }, { op: 'delete', id: 1 }]
      : [{ op: 'insert', id: 1 }];
    for (const first of firsts)
      for (const op of ['insert', 'update', 'delete'] as const)
        for (const id of [1, 2]) cases.push({ seed, first, second: { op, id } });
  }
  return cases;
}

/**
 * Asks the model's database: what T1 and T2 read of the first write's row (`readRow`), then
 * `write` for T2 after T1's write. Pure.
 */
export function probeOnModel(c: ConflictCase): { outcome: ProbeOutcome; reads: ProbeReads } {
  const db = createDatabase([{ name: 'locks', columns: ['id', 'v'], rows: c.seed.map((id) => [String(id), 0]) }]);
  const t1 = begin(db);
  if (write(db, t1, toModel(c.first)) !== 'ok') throw new Error(`T1's write must succeed on its own: ${JSON.stringify(c)}`);
  const t2 = begin(db);
  const seen = (xid: number) => (readRow(db, 'locks', String(c.first.id), xid)?.[1] ?? null) as number | null;
  const reads = { writerSees: seen(t1), otherSees: seen(t2) };
  return { outcome: write(db, t2, toModel(c.second)) as ProbeOutcome, reads };
}

/**
 * Asks the server, at READ COMMITTED: T1 writes and stays open; both read the row T1 wrote;
 * then T2's statement runs with a short
 * `lock_timeout`, so a statement that waits for T1's row lock fails with `lock_not_available`
 * (55P03) — the server itself saying "blocked". Otherwise its row count says `ok` or `no-row`,
 * and 23505 says `unique-violation`. Both transactions are rolled back; the table is reset.
 */
export async function probeOnPostgres(t1: pg.Client, t2: pg.Client, c: ConflictCase): Promise<{ outcome: ProbeOutcome; reads: ProbeReads }> {
  await t1.query('DROP TABLE IF EXISTS locks');
  await t1.query('CREATE TABLE locks (id integer PRIMARY KEY, v integer NOT NULL)');
  for (const id of c.seed) await t1.query('INSERT INTO locks VALUES ($1, 0)', [id]);
  await t1.query('BEGIN');
  await t1.query(sql(c.first), [c.first.id]);
  await t2.query("BEGIN; SET LOCAL lock_timeout = '100ms'");
  const seen = async (client: pg.Client) => ((await client.query<{ v: number }>('SELECT v FROM locks WHERE id = $1', [c.first.id])).rows[0]?.v ?? null);
  const reads = { writerSees: await seen(t1), otherSees: await seen(t2) };
  try {
    const result = await t2.query(sql(c.second), [c.second.id]);
    return { outcome: result.rowCount === 0 ? 'no-row' : 'ok', reads };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '55P03') return { outcome: 'blocked', reads };
    if (code === '23505') return { outcome: 'unique-violation', reads };
    throw error;
  } finally {
    await t2.query('ROLLBACK');
    await t1.query('ROLLBACK');
  }
}

function sql(w: ProbeWrite): string {
  if (w.op === 'insert') return 'INSERT INTO locks VALUES ($1, 1)';
  if (w.op === 'update') return 'UPDATE locks SET v = v + 1 WHERE id = $1';
  return 'DELETE FROM locks WHERE id = $1';
}

function toModel(w: ProbeWrite) {
  const pk = String(w.id);
  const op = w.op === 'insert' ? ('c' as const) : w.op === 'update' ? ('u' as const) : ('d' as const);
  return { table: 'locks', op, pk, values: w.op === 'delete' ? null : [pk, 1], tag: null };
}
