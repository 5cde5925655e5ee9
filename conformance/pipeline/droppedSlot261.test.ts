import { describe, expect, it } from 'vitest';
import { ModelConnector } from './ModelConnector.ts';
import { modelOps, realOps } from './realEvents.ts';
import { OUTBOX_DDL, slotState, usePipeline, waitFor } from './PipelineFixture.ts';
import { outboxRow, TwinDatabase } from './TwinDatabase.ts';

/**
 * Point 4 of the issue on Debezium 2.6.1.Final: the slot is dropped while the connector is down
 * (`snapshot.mode=initial`), a row commits meanwhile, and the connector starts again on its stored
 * offsets. Debezium 2.6.0 brought the check (DBZ-7461: `BaseSourceTask.validateAndLoadSchemaHistory`
 * asks `PostgresConnection.validateLogPosition`), but up to 3.1.x a failed check only logs a
 * warning ("… is no longer available on the server. Reconfigure the connector to use a snapshot
 * when needed if you want to recover. If not the connector will streaming from the last available
 * position in the log") and the task goes on: it creates a new slot and streams from it. The
 * task fails only since 3.2.0 (DBZ-9118, "throw new DebeziumException"), as `droppedSlot.test.ts`
 * shows on 3.6.1.
 *
 * The model dates the failure from 3.2.0 (`debeziumChanges['DBZ-9118']`; it dated it from 2.6.0
 * until this test found disagreement 3 in docs/real-pipeline.md), so its 2.6.1 connector does
 * what the real one does: it streams from the new slot, and the row committed without a slot is
 * lost. Its 3.2.0 connector, on the same schedule, fails the task.
 */
describe('a dropped replication slot on Debezium 2.6.1, snapshot.mode=initial', () => {
  const pipeline = usePipeline();

  it('the task warns and streams on from a new slot, losing the row committed without one, as the model\'s 2.6.1 connector does (its 3.2.0 one fails the task)', async () => {
    const p = pipeline();
    const name = 'drop261';
    const schema = `p_${name}`;
    const twin = await TwinDatabase.create(schema, () => p.session(), OUTBOX_DDL);
    const admin = await p.session();
    const row = (id: string) => outboxRow(`d261-${id}`, 'Account', `acct-${id}`);
    await twin.transaction([['c', row('a')]]);
    const model261 = new ModelConnector({ slotName: name, snapshotMode: 'initial', version: '2.6.1' });
    const model320 = new ModelConnector({ slotName: name, snapshotMode: 'initial', version: '3.2.0' });
    const worker = p.worker(name, schema, { debezium: '2.6.1', converter: 'json' });
    const topic = `${name}.${schema}.outbox`;
    const dump = () => p.harness.dump(topic);
    for (const m of [model261, model320]) m.start(twin.model);
    await worker.start();
    await worker.waitForTask('RUNNING');
    await waitFor(() => slotState(admin, name), (s) => s?.active === true, 120_000, 'the slot in use');
    await twin.transaction([['c', row('b')]]);
    for (const m of [model261, model320]) m.catchUp(twin.model);
    await waitFor(dump, (r) => realOps(r).includes('c d261-b'), 120_000, 'b streamed');
    await worker.stop();
    for (const m of [model261, model320]) m.stop();
    await waitFor(() => slotState(admin, name), (s) => s?.active === false, 60_000, 'the slot released');
    await admin.query('SELECT pg_drop_replication_slot($1)', [name]);
    for (const m of [model261, model320]) m.loseSlot();
    await twin.transaction([['c', row('c')]]);
    const before = (await dump()).length;

    const streams = model261.start(twin.model);
    const failed = model320.start(twin.model);
    expect(streams.failed).toBeUndefined();
    expect(streams.snapshot).toBe(false);
    expect(failed.failed).toBe(true);

    await worker.start();
    const warning = await worker.waitForLog(/no longer available on the server\. Reconfigure the connector to use a snapshot when needed if you want to recover\. If not the connector will streaming/, 120_000);
    await worker.waitForTask('RUNNING');
    await waitFor(() => slotState(admin, name), (s) => s?.active === true, 120_000, 'a new slot in use');
    await twin.transaction([['c', row('d')]]);
    const expected = modelOps(model261.catchUp(twin.model));
    expect(expected).toEqual(['c d261-d']);
    await waitFor(dump, (r) => realOps(r.slice(before)).includes('c d261-d'), 120_000, 'd streamed from the new slot');
    await new Promise((r) => setTimeout(r, 2000));
    const real = realOps((await dump()).slice(before));
    const task = await worker.task();
    console.log(`dropped slot on 2.6.1: the task is ${task.state} after "${warning.replace(/^.*(The connector is trying)/, '$1').replace(/PostgresOffsetContext \[.*\], but/, 'PostgresOffsetContext […], but').slice(0, 220)}…"; it sent [${real.join(', ')}]; the model's 2.6.1 connector sends [${expected.join(', ')}], its 3.2.0 one fails the task`);
    expect(task.state).toBe('RUNNING');
    expect(real).toEqual(expected);
    expect((await dump()).some((r) => JSON.stringify(r.value).includes('d261-c'))).toBe(false);
    await worker.kill();
  });
});
