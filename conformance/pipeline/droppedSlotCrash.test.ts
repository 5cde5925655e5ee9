import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelConnector } from './ModelConnector.ts';
import { modelOps, realOps } from './realEvents.ts';
import { OUTBOX_DDL, slotState, usePipeline, waitFor, type Pipeline } from './PipelineFixture.ts';
import { outboxRow, TwinDatabase } from './TwinDatabase.ts';

/**
 * The scenario `slot-lost-when-needed-crash`, which the model found at what was then the large
 * scope of `slot-lost-when-needed`: the slot is dropped, `when_needed`
 * snapshots again and creates the slot anew, and the connector crashes (SIGKILL) before that
 * snapshot stores any offset. On the next start the stored offsets are those from before the
 * drop. Whether the rows committed while the slot was gone reach Kafka depends on them:
 * - the offsets of a completed snapshot carry no `lsn_proc`, the new slot passes the position
 *   check, and the task streams from the new slot: those rows are lost;
 * - the offsets of a streamed change carry an `lsn_proc` below the new slot's position, the check
 *   fails, and the task snapshots again: nothing is lost.
 * The gate transform holds the second start's snapshot before its first record; the model's
 * connector is stepped through the same starts (`ModelConnector`).
 */
describe('a crash during the snapshot when_needed takes after a lost slot, model against Debezium', () => {
  const pipeline = usePipeline();

  async function crashCase(p: Pipeline, tag: string, streamBeforeDrop: boolean) {
    const name = `slotcrash_${tag}`;
    const schema = `p_${name}`;
    const twin = await TwinDatabase.create(schema, () => p.session(), OUTBOX_DDL);
    const admin = await p.session();
    const row = (id: string) => outboxRow(`${tag}-${id}`, 'Account', `acct-${id}`);
    await twin.transaction([['c', row('a')]]);
    const gate = join(p.dir, `${name}-gate`);
    await writeFile(gate, 'open');
    const model = new ModelConnector({ slotName: name, snapshotMode: 'when_needed' });
    const worker = p.worker(name, schema, {
      converter: 'json',
      flushIntervalMs: 500,
      connector: {
        'snapshot.mode': 'when_needed',
        transforms: 'gate',
        'transforms.gate.type': 'cdccheck.pipeline.GateTransform',
        'transforms.gate.gate.file': gate,
        'max.queue.size': '2',
        'max.batch.size': '1',
      },
    });
    const topic = `${name}.${schema}.outbox`;
    const dump = () => p.harness.dump(topic);

    // First start: the snapshot of a; in one case b is streamed after it. A graceful stop flushes.
    model.start(twin.model);
    await worker.start();
    await worker.waitForTask('RUNNING');
    await waitFor(dump, (r) => realOps(r).includes(`r ${tag}-a`), 120_000, 'the first snapshot');
    if (streamBeforeDrop) {
      await twin.transaction([['c', row('b')]]);
      model.catchUp(twin.model);
      await waitFor(dump, (r) => realOps(r).includes(`c ${tag}-b`), 120_000, 'b streamed');
    }
    await worker.stop();
    model.stop();
    const stored = (await p.harness.offsets(worker.offsetFile)).map((o) => o.value);

    // The slot is dropped while the worker is down, and two rows commit meanwhile.
    await waitFor(() => slotState(admin, name), (s) => s?.active === false, 60_000, 'the slot released');
    await admin.query('SELECT pg_drop_replication_slot($1)', [name]);
    model.loseSlot();
    await twin.transaction([['c', row('c')]]);
    await twin.transaction([['c', row('d')]]);
    const before = (await dump()).length;

    // Second start: when_needed snapshots again and creates the slot; the gate holds the
    // snapshot's first record, nothing is flushed (one-hour interval), and the worker is killed.
    await rm(gate);
    worker.setFlushInterval(3_600_000);
    const began = model.beginSnapshot(twin.model);
    await worker.start();
    await worker.waitForLog(/cdc-check gate: holding/, 120_000);
    await waitFor(() => slotState(admin, name), (s) => s !== null, 60_000, 'the new slot');
    await worker.kill();
    model.crash();

    // Third start, the gate open: then one more row, e, committed once the task streams.
    await writeFile(gate, 'open');
    worker.setFlushInterval(500);
    const third = model.start(twin.model);
    await worker.start();
    await worker.waitForTask('RUNNING');
    await waitFor(() => slotState(admin, name), (s) => s?.active === true, 120_000, 'the slot in use');
    await twin.transaction([['c', row('e')]]);
    const expected = modelOps([...third.records, ...model.catchUp(twin.model)]);
    await waitFor(dump, (x) => realOps(x.slice(before)).includes(`c ${tag}-e`), 120_000, 'e streamed');
    await new Promise((r) => setTimeout(r, 2000));
    const real = realOps((await dump()).slice(before));
    await worker.stop();
    // The suite's server has a fixed number of slots (max_replication_slots): give this one back.
    await waitFor(() => slotState(admin, name), (s) => s?.active === false, 60_000, 'the slot released');
    await admin.query('SELECT pg_drop_replication_slot($1)', [name]);
    console.log(`slot lost, when_needed, crash mid-snapshot (${tag}): stored before the drop ${JSON.stringify(stored)}; the model sends [${expected.join(', ')}] after the drop, Debezium sent [${real.join(', ')}]`);
    return { began, snapshot: third.snapshot, expected, real, stored };
  }

  it('offsets of a completed snapshot: the restart streams from the new slot, and the rows committed while it was gone are lost, on both sides', async () => {
    const r = await crashCase(pipeline(), 'snap', false);
    expect(r.stored).toHaveLength(1);
    expect(r.stored[0]?.lsn_proc).toBeUndefined();
    expect(r.began).toBe(true);
    expect(r.snapshot).toBe(false);
    expect(r.expected).toEqual(['c snap-e']);
    expect(r.real).toEqual(r.expected);
  });

  it('offsets of a streamed change: the restart snapshots again, and nothing is lost, on both sides', async () => {
    const r = await crashCase(pipeline(), 'stream', true);
    expect(r.stored[0]?.lsn_proc).toBeDefined();
    expect(r.began).toBe(true);
    expect(r.snapshot).toBe(true);
    expect(r.expected).toEqual(['r stream-a', 'r stream-b', 'r stream-c', 'r stream-d', 'c stream-e']);
    expect(r.real).toEqual(r.expected);
  });
});
