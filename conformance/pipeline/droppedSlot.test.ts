import { describe, expect, it } from 'vitest';
import type { SnapshotMode } from '../../models/pipeline/ConnectorConfig.ts';
import { ModelConnector } from './ModelConnector.ts';
import { modelOps, realOps } from './realEvents.ts';
import { OUTBOX_DDL, slotState, usePipeline, waitFor, type Pipeline } from './PipelineFixture.ts';
import { outboxRow, TwinDatabase } from './TwinDatabase.ts';

/**
 * Point 4 of the issue: the replication slot is dropped while the connector is down, a row is
 * committed meanwhile, and the connector starts again on its stored offsets. The model's
 * connector (`loseSlot`, then a start) predicts the events; Debezium 3.6.1 is run on the same.
 */
describe('a dropped replication slot, model against Debezium', () => {
  const pipeline = usePipeline();

  async function dropCase(p: Pipeline, mode: SnapshotMode, tag: string) {
    const name = `drop_${tag}`;
    const schema = `p_${name}`;
    const twin = await TwinDatabase.create(schema, () => p.session(), OUTBOX_DDL);
    const admin = await p.session();
    const row = (id: string) => outboxRow(`${tag}-${id}`, 'Account', `acct-${id}`);
    await twin.transaction([['c', row('a')]]);
    const model = new ModelConnector({ slotName: name, snapshotMode: mode });
    const worker = p.worker(name, schema, { converter: 'json', connector: { 'snapshot.mode': mode } });
    const topic = `${name}.${schema}.outbox`;
    const dump = () => p.harness.dump(topic);
    model.start(twin.model);
    await worker.start();
    await worker.waitForTask('RUNNING');
    await waitFor(() => slotState(admin, name), (s) => s?.active === true, 120_000, 'the slot in use');
    await twin.transaction([['c', row('b')]]);
    model.catchUp(twin.model);
    await waitFor(dump, (r) => realOps(r).includes(`c ${tag}-b`), 120_000, 'b streamed');
    await worker.stop();
    model.stop();
    await waitFor(() => slotState(admin, name), (s) => s?.active === false, 60_000, 'the slot released');
    await admin.query('SELECT pg_drop_replication_slot($1)', [name]);
    model.loseSlot();
    await twin.transaction([['c', row('c')]]);
    const before = (await dump()).length;
    const restarted = model.start(twin.model);
    await worker.start();
    return { twin, worker, dump, before, model: restarted, row };
  }

  it('initial: the model (DBZ-9118, 3.2.0) and Debezium 3.6.1 both fail the task, sending nothing', async () => {
    const r = await dropCase(pipeline(), 'initial', 'initial');
    expect(r.model.failed).toBe(true);
    expect(modelOps(r.model.records)).toEqual([]);
    const failed = await r.worker.waitForTask('FAILED', 120_000);
    const cause = (failed.trace ?? '').split('\n').find((l) => /slot|offset|snapshot|lsn/i.test(l)) ?? (failed.trace ?? '').split('\n')[0];
    console.log(`dropped slot, initial: the model fails the task (DBZ-9118); Debezium: task FAILED: ${cause?.replace(/PostgresOffsetContext \[.*\], but/, 'PostgresOffsetContext […], but')}`);
    expect(realOps((await r.dump()).slice(r.before))).toEqual([]);
  });

  it('when_needed: a new snapshot that holds the row committed without a slot, on both sides', async () => {
    const r = await dropCase(pipeline(), 'when_needed', 'whenneeded');
    expect(r.model.snapshot).toBe(true);
    await r.worker.waitForTask('RUNNING');
    const expected = modelOps(r.model.records);
    await waitFor(r.dump, (x) => realOps(x.slice(r.before)).length >= expected.length, 120_000, 'the new snapshot');
    await new Promise((res) => setTimeout(res, 2000));
    const real = realOps((await r.dump()).slice(r.before));
    console.log(`dropped slot, when_needed: the model sends [${expected.join(', ')}], Debezium sent [${real.join(', ')}]`);
    expect(real).toEqual(expected);
    await r.worker.stop();
  });
});
