import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { connectorScheduleArbitrary, formatSchedule, type ConnectorSchedule } from './connectorSchedule.ts';
import { usePipeline } from './PipelineFixture.ts';
import { runConnectorSchedule } from './runConnectorSchedule.ts';

/**
 * An empty first snapshot, nothing streamed, a crash, then a row inserted and deleted while the
 * worker is down: run by hand, Debezium sent nothing for it (a new empty snapshot, streaming
 * after it) where the model streams `c k0, d k0` (listed disagreement 5).
 */
const EMPTY_SNAPSHOT_CRASH: ConnectorSchedule = {
  runs: [
    { flush: 'often', whileDown: [], whileUp: [], straddle: false },
    { flush: 'often', whileDown: [[['c', 'k0'], ['d', 'k0']]], whileUp: [], straddle: false },
  ],
};

// Each schedule costs tens of seconds of JVMs: few under CI, more by hand (PIPELINE_SCHEDULE_RUNS=30).
const RUNS = Number(process.env.PIPELINE_SCHEDULE_RUNS ?? 5);
const SEED = Number(process.env.PIPELINE_SCHEDULE_SEED ?? 20_261_201);

/**
 * Generated schedules, model against Debezium 3.6.1: writes, commits (one of them open across a
 * crash), SIGKILLs of the Connect worker and the flush interval of each run, seeded. After each
 * run the events sent and the stored offset must agree (`runConnectorSchedule`). On a
 * disagreement fast-check shrinks the schedule, and the failure names the smallest one.
 */
describe('generated connector schedules, model against Debezium', () => {
  const pipeline = usePipeline();

  it(`agree on ${RUNS} seeded schedules (events re-sent after a crash, stored offsets)`, { timeout: 3_600_000 }, async () => {
    console.log(`schedules: seed ${SEED}, ${RUNS} runs (PIPELINE_SCHEDULE_SEED and PIPELINE_SCHEDULE_RUNS change them)`);
    const seen: ConnectorSchedule[] = [];
    const known: string[] = [];
    let n = 0;
    await fc.assert(
      fc.asyncProperty(connectorScheduleArbitrary(), async (schedule) => {
        seen.push(schedule);
        const outcome = await runConnectorSchedule(pipeline(), schedule, `sched${++n}`);
        console.log(`schedule ${n}:\n${formatSchedule(schedule)}\n${outcome.log.join('\n')}`);
        if (outcome.known !== undefined) known.push(outcome.known);
        if (outcome.differences.length > 0) throw new Error(`model and Debezium disagree:\n${outcome.differences.map((d) => `  - ${d}`).join('\n')}\nschedule:\n${formatSchedule(schedule)}`);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: false, interruptAfterTimeLimit: 2_400_000, markInterruptAsFailure: true },
    );
    console.log(`schedules: ${seen.length} ran, ${known.length} ran into listed disagreement 5 (an empty snapshot's completion stored by the model only)`);
    // Agreement means little unless the schedules crash and restart.
    expect(seen.some((s) => s.runs.length > 1)).toBe(true);
  });

  it('listed disagreement 5, as these schedules found and shrank it: after an empty snapshot and a crash, Debezium loses a row inserted and deleted while it is down; the model streams it', async () => {
    const outcome = await runConnectorSchedule(pipeline(), EMPTY_SNAPSHOT_CRASH, 'sched_empty', { pastKnown: true });
    console.log(`${formatSchedule(EMPTY_SNAPSHOT_CRASH)}\n${outcome.log.join('\n')}`);
    // When the model is fixed (an empty snapshot's completion is not committable), this fails: update docs/real-pipeline.md.
    expect(outcome.known).toMatch(/^run 1: the snapshot sent nothing and nothing was streamed/);
    expect(outcome.differences).toEqual(['run 2: Debezium sent [], the model [c k0, d k0]', 'run 2: the offset file points at none, the model\'s stored offset at d outbox k0 #0']);
  });
});
