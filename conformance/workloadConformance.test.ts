import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresWorkbench } from './PostgresWorkbench.ts';
import { runWorkloadOnModel } from './runWorkloadOnModel.ts';
import { usePostgres } from './internal/sharedPostgres.ts';
import { formatWorkload, type Workload } from './Workload.ts';
import { diffOutcomes } from './WorkloadOutcome.ts';
import { lsnClaims, lsnOrder } from './lsnClaims.ts';
import { commitsOutOfBeginOrder, workloadArbitrary } from './workloadArbitrary.ts';

// Overridable for a deeper run (e.g. CONFORMANCE_RUNS=5000); the default keeps `npm test` quick.
const RUNS = Number(process.env.CONFORMANCE_RUNS ?? 250);
const SEED = Number(process.env.CONFORMANCE_SEED ?? 20_261_122);

describe('workload conformance: the model database and WAL against real PostgreSQL logical decoding', () => {
  const server = usePostgres();
  let bench: PostgresWorkbench;

  beforeAll(async () => {
    bench = await PostgresWorkbench.open(server().connectionString);
    console.log(`conformance: ${await bench.version()}`);
  });
  afterAll(async () => {
    await bench?.close();
  });

  it(`agrees with the model on ${RUNS} seeded interleaved workloads`, async () => {
    const seen: Workload[] = [];
    let agreed = 0;
    let interleaved = 0;
    await fc.assert(
      fc.asyncProperty(workloadArbitrary(), async (workload) => {
        seen.push(workload);
        const db = await bench.run(workload);
        const model = runWorkloadOnModel(workload);
        const lsns = lsnClaims(db);
        interleaved += lsns.interleavedChanges;
        const order = { db: lsnOrder(db).join(' '), model: lsnOrder(model).join(' ') };
        const differences = [
          ...diffOutcomes(db, model),
          ...lsns.violations,
          ...lsnClaims(model).violations.map((v) => `model: ${v}`),
          ...(order.db === order.model ? [] : [`LSN order: DB says ${order.db}; model says ${order.model}`]),
        ];
        if (differences.length > 0) {
          throw new Error(
            `model and PostgreSQL disagree:\n${differences.map((d) => `  - ${d}`).join('\n')}\n` +
              `workload:\n${formatWorkload(workload)}\nDB: ${db.detail.join('; ')}\nmodel: ${model.detail.join('; ')}`,
          );
        }
        agreed++;
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: false },
    );
    console.log(`conformance: ${agreed} generated workloads agreed with the model (seed ${SEED})`);
    console.log(`conformance: ${interleaved} decoded changes had an LSN below the previous commit's (written before it committed), in the same order in the model`);
    expect(agreed).toBeGreaterThanOrEqual(200);
    // The generator must really exercise what the comparison is about, or agreement means little.
    expect(seen.filter(commitsOutOfBeginOrder).length).toBeGreaterThan(RUNS / 4);
    expect(seen.filter((w) => w.steps.some((s) => s.statement.kind === 'rollback')).length).toBeGreaterThan(RUNS / 4);
    expect(seen.filter((w) => w.sessions === 3).length).toBeGreaterThan(RUNS / 4);
  });
});
