import { describe, expect, it } from 'vitest';
import type { SnapshotMode } from '../../models/pipeline/ConnectorConfig.ts';
import { ModelConnector } from './ModelConnector.ts';
import { modelOps, realOps } from './realEvents.ts';
import { OUTBOX_DDL, slotState, usePipeline, waitFor, type Pipeline } from './PipelineFixture.ts';
import { outboxRow, TwinDatabase } from './TwinDatabase.ts';

/**
 * Point 3 of the issue: `snapshot.mode` on a restart. The connector starts on a table with one
 * row (or none: the empty-snapshot restart), streams one insert, is stopped gracefully (Kafka
 * Connect commits its offsets), a row is inserted while it is down, and it starts again. The
 * model's connector (`ModelConnector`: `connectorDef`'s own guards and effects) predicts each
 * start's events (op and key, in order); the real Debezium connector's raw change events are
 * compared with them.
 */
describe('snapshot.mode on restart, model against Debezium', () => {
  const pipeline = usePipeline();

  async function restartCase(p: Pipeline, mode: SnapshotMode, seeded: boolean, tag: string) {
    const name = `snap_${tag}`;
    const schema = `p_${name}`;
    const twin = await TwinDatabase.create(schema, () => p.session(), OUTBOX_DDL);
    const admin = await p.session();
    const row = (id: string) => outboxRow(`${tag}-${id}`, 'Account', `acct-${id}`);
    if (seeded) await twin.transaction([['c', row('a')]]);
    const model = new ModelConnector({ slotName: name, snapshotMode: mode });
    const worker = p.worker(name, schema, { converter: 'json', connector: { 'snapshot.mode': mode } });
    const topic = `${name}.${schema}.outbox`;
    const dump = () => p.harness.dump(topic);

    const first = model.start(twin.model);
    await worker.start();
    await worker.waitForTask('RUNNING');
    await waitFor(() => slotState(admin, name), (s) => s?.active === true, 120_000, `slot ${name} in use`);
    await waitFor(dump, (r) => r.length >= first.records.length, 120_000, 'the first start\'s snapshot');
    await twin.transaction([['c', row('b')]]);
    const firstModel = [...modelOps(first.records), ...modelOps(model.catchUp(twin.model))];
    const firstReal = realOps(await waitFor(dump, (r) => realOps(r).length >= firstModel.length, 120_000, 'the streamed insert'));
    expect(firstReal, 'first start').toEqual(firstModel);

    await worker.stop();
    model.stop();
    await twin.transaction([['c', row('c')]]);

    const second = model.start(twin.model);
    const before = (await dump()).length;
    await worker.start();
    await worker.waitForTask('RUNNING');
    await waitFor(() => slotState(admin, name), (s) => s?.active === true, 120_000, `slot ${name} in use again`);
    await twin.transaction([['c', row('d')]]);
    const secondModel = [...modelOps(second.records), ...modelOps(model.catchUp(twin.model))];
    const marker = `c ${tag}-d`;
    const all = await waitFor(dump, (r) => realOps(r.slice(before)).includes(marker), 120_000, 'the marker insert after the restart');
    await worker.stop();
    console.log(`snapshot.mode=${mode}${seeded ? '' : ' (empty first snapshot)'}: after the restart the model sends [${secondModel.join(', ')}], Debezium sent [${realOps(all.slice(before)).join(', ')}]`);
    return { model: secondModel, real: realOps(all.slice(before)), snapshotted: second.snapshot };
  }

  it('initial: streams on from the stored offsets (no second snapshot)', async () => {
    const r = await restartCase(pipeline(), 'initial', true, 'initial');
    expect(r.snapshotted).toBe(false);
    expect(r.real).toEqual(r.model);
  });

  it('no_data: never snapshots; streams on', async () => {
    const r = await restartCase(pipeline(), 'no_data', true, 'nodata');
    expect(r.real).toEqual(r.model);
  });

  it('when_needed: offsets and slot intact, so streams on like initial', async () => {
    const r = await restartCase(pipeline(), 'when_needed', true, 'whenneeded');
    expect(r.snapshotted).toBe(false);
    expect(r.real).toEqual(r.model);
  });

  it('always: snapshots again on every start, then streams', async () => {
    const r = await restartCase(pipeline(), 'always', true, 'always');
    expect(r.snapshotted).toBe(true);
    expect(r.real).toEqual(r.model);
  });

  it('initial after an empty snapshot: the restart streams on, like after a full one', async () => {
    const r = await restartCase(pipeline(), 'initial', false, 'empty');
    expect(r.snapshotted).toBe(false);
    expect(r.real).toEqual(r.model);
  });
});
