import { ModelConnector } from './ModelConnector.ts';
import type { Pipeline } from './PipelineFixture.ts';
import { slotState, waitFor } from './PipelineFixture.ts';
import { RealConnectorProbe } from './RealConnectorProbe.ts';
import { FLUSH_NEVER_MS, FLUSH_OFTEN_MS } from './RealReplayPlan.ts';
import { modelOps, realOps } from './realEvents.ts';
import type { ConnectorSchedule, ScheduleTxn } from './connectorSchedule.ts';
import { OUTBOX_DDL } from './PipelineFixture.ts';
import { outboxRow, TwinDatabase } from './TwinDatabase.ts';

/** What one schedule showed: every difference between model and Debezium, and a log of what each side did. */
export interface ScheduleOutcome {
  differences: string[];
  log: string[];
}

/**
 * Runs a schedule on the real pipeline (a Connect worker with Debezium on its own schema, slot
 * and topic, SIGKILLed between runs) and on the model's connector (`ModelConnector`) over the
 * same statements (`TwinDatabase`). After each run it compares, as the point tests do, the
 * change events Debezium sent in that run (a snapshot, or what it re-sent and streamed after
 * the restart) with the model's, in order, and the change the stored offset points at
 * (`RealConnectorProbe`): waited for when the run flushes, unchanged when it does not.
 * Snapshot rows are compared as a set: their order is the table's heap order, which the model
 * leaves to the search (`snapshotOrder: 'heap'`), and `ModelConnector` reads them in key order.
 */
export async function runConnectorSchedule(p: Pipeline, schedule: ConnectorSchedule, name: string): Promise<ScheduleOutcome> {
  const schema = `p_${name}`;
  const twin = await TwinDatabase.create(schema, () => p.session(), OUTBOX_DDL);
  const admin = await p.session();
  const probe = await RealConnectorProbe.create(admin, `${name}_lsn`, schema, ['outbox'], twin.model);
  const model = new ModelConnector({ slotName: name });
  const worker = p.worker(name, schema, { converter: 'json', flushIntervalMs: FLUSH_NEVER_MS });
  const topic = `${name}.${schema}.outbox`;
  const differences: string[] = [];
  const log: string[] = [];
  let version = 0;
  const commit = (txn: ScheduleTxn) => twin.transaction(txn.map(([op, key]) => [op, outboxRow(key, 'Account', `acct-${key}`, { n: key, v: ++version })]));
  let straddling: number | null = null;
  try {
    for (const [i, run] of schedule.runs.entries()) {
      for (const txn of run.whileDown) await commit(txn);
      const before = (await p.harness.dump(topic)).length;
      const expected = modelOps(model.start(twin.model).records);
      worker.setFlushInterval(run.flush === 'often' ? FLUSH_OFTEN_MS : FLUSH_NEVER_MS);
      await worker.start();
      await worker.waitForTask('RUNNING');
      await waitFor(() => slotState(admin, name), (s) => s?.active === true, 120_000, 'the slot in use');
      if (straddling !== null) {
        await twin.write(straddling, 'c', outboxRow(`s${i}b`, 'Account', 'acct-s'));
        await twin.commit(straddling);
        straddling = null;
      }
      for (const txn of run.whileUp) await commit(txn);
      if (run.straddle) {
        straddling = await twin.session();
        await twin.begin(straddling);
        await twin.write(straddling, 'c', outboxRow(`s${i + 1}a`, 'Account', 'acct-s'));
      }
      expected.push(...modelOps(model.catchUp(twin.model)));
      // Debezium sends on its own: wait for as many events as the model sent, then a little more for any extra.
      const deadline = Date.now() + 60_000;
      while (realOps((await p.harness.dump(topic)).slice(before)).length < expected.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 300));
      await new Promise((r) => setTimeout(r, 1500));
      const sent = realOps((await p.harness.dump(topic)).slice(before));
      log.push(`run ${i + 1}: the model sends [${expected.join(', ')}], Debezium sent [${sent.join(', ')}]`);
      if (sameEvents(sent, expected) === false) differences.push(`run ${i + 1}: Debezium sent [${sent.join(', ')}], the model [${expected.join(', ')}]`);
      if (run.flush === 'often') model.flush();
      const want = probe.model(model.stored, twin.model);
      const read = async () => probe.real(await p.harness.offsets(worker.offsetFile));
      const stored = run.flush === 'often' ? await waitFor(read, (s) => s === want, 20_000, 'the flushed offset').catch(async () => read()) : await read();
      log.push(`run ${i + 1}: the stored offset points at ${stored} in the offset file, ${want} in the model`);
      if (stored !== want) differences.push(`run ${i + 1}: the offset file points at ${stored}, the model's stored offset at ${want}`);
      await worker.kill();
      model.crash();
    }
  } finally {
    await worker.kill();
    await probe.close();
    await admin.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1', [name]).catch(() => undefined);
  }
  return { differences, log };
}

/**
 * Whether Debezium's events of one run are the model's: the snapshot's `r` events first, as a
 * set (any heap order is one the model allows), then the streamed events in the same order. Pure.
 */
export function sameEvents(real: readonly string[], model: readonly string[]): boolean {
  const split = (events: readonly string[]) => {
    const snapshot = events.filter((e) => e.startsWith('r '));
    return { snapshot: [...snapshot].sort().join(), first: events.slice(0, snapshot.length).every((e) => e.startsWith('r ')), streamed: events.filter((e) => !e.startsWith('r ')).join() };
  };
  const [a, b] = [split(real), split(model)];
  return a.first && b.first && a.snapshot === b.snapshot && a.streamed === b.streamed;
}
