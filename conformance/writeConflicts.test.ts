import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePostgres } from './internal/sharedPostgres.ts';
import { enumerateConflictCases, probeOnModel, probeOnPostgres } from './writeConflicts.ts';

describe('row locks and visibility: the model reads and blocks exactly as PostgreSQL does', () => {
  const server = usePostgres();
  let t1: pg.Client;
  let t2: pg.Client;
  const schema = `cdc_check_locks_${process.pid}`;
  beforeAll(async () => {
    t1 = new pg.Client({ connectionString: server().connectionString });
    t2 = new pg.Client({ connectionString: server().connectionString });
    await t1.connect();
    await t2.connect();
    await t1.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    for (const c of [t1, t2]) await c.query(`SET search_path = ${schema}`);
  });
  afterAll(async () => {
    await t1?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await t1?.end();
    await t2?.end();
  });

  it('agrees on every two-transaction conflict over two keys: what each reads, and what T2\'s write does', async () => {
    const cases = enumerateConflictCases();
    const differences: string[] = [];
    const seen = new Set<string>();
    for (const c of cases) {
      const db = await probeOnPostgres(t1, t2, c);
      const model = probeOnModel(c);
      seen.add(db.outcome);
      const say = (r: typeof db) => `${r.outcome} (T1 reads ${r.reads.writerSees}, T2 reads ${r.reads.otherSees})`;
      if (say(db) !== say(model)) {
        differences.push(`seed [${c.seed}], T1 ${c.first.op} ${c.first.id}, then T2 ${c.second.op} ${c.second.id}: DB says ${say(db)}, model says ${say(model)}`);
      }
    }
    expect(differences, differences.join('\n')).toEqual([]);
    // The cases must reach every outcome, or agreement would prove little.
    expect([...seen].sort()).toEqual(['blocked', 'no-row', 'ok', 'unique-violation']);
  });
});
