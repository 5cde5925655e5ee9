import { describe, expect, it } from 'vitest';
import { outboxEventRouter, type ChangeEvent } from '../../models/pipeline/outboxEventRouter.ts';
import { artifactVersion } from './internal/harnessClasspath.ts';
import { OUTBOX_DDL, usePipeline, waitFor } from './PipelineFixture.ts';
import { outboxRow, TwinDatabase } from './TwinDatabase.ts';

/**
 * Point 5 of the issue: the Outbox Event Router's output for `r`, `c`, `u` and `d`. The model
 * (`outboxEventRouter`) routes each change event the model's connector reads — the snapshot's
 * rows and `nextStreamedChange` — and the real Debezium connector with
 * `io.debezium.transforms.outbox.EventRouter` routes the same rows; topic, key, the `id`
 * header and the value are compared record by record.
 */
describe('the Outbox Event Router, model against Debezium', () => {
  const pipeline = usePipeline();

  it('routes r and c to the aggregate type topic, keyed by aggregateid, with the id header; drops u and d', async () => {
    const p = pipeline();
    const name = 'router';
    const type = 'RouterAccount';
    const twin = await TwinDatabase.create('p_router', () => p.session(), OUTBOX_DDL);
    const a = outboxRow('e-1', type, 'acct-1', { balance: 100 });
    await twin.transaction([['c', a]]);
    const worker = p.worker(name, 'p_router', { connector: { 'transforms': 'outbox', 'transforms.outbox.type': 'io.debezium.transforms.outbox.EventRouter' } });
    const view = twin.createModelSlot(name);
    await worker.start();
    await worker.waitForTask('RUNNING');
    // The versions the suite prints (read from the jars) are the ones the running worker reports.
    const [connect, debezium] = [await worker.version(), await worker.pluginVersion('io.debezium.connector.postgresql.PostgresConnector')];
    console.log(`pipeline: the running worker reports Kafka Connect ${connect}, Debezium connector ${debezium}`);
    expect([connect, debezium]).toEqual([artifactVersion('connect-runtime'), artifactVersion('debezium-connector-postgres')]);
    const topic = `outbox.event.${type}`;
    // The snapshot's record first, so that the streamed writes come after the slot's consistent point.
    await waitFor(() => p.harness.dump(topic), (r) => r.length >= 1, 120_000, 'the snapshot record');
    const b = outboxRow('e-2', type, 'acct-2', { balance: 200 });
    const c = outboxRow('e-3', type, 'acct-1', { balance: 300 });
    await twin.transaction([['c', b]]);
    await twin.transaction([['u', { ...b, payload: JSON.stringify({ balance: 250 }) }]]);
    await twin.transaction([['d', a]]);
    await twin.transaction([['c', c]]);
    const real = await waitFor(() => p.harness.dump(topic), (r) => r.length >= 3, 120_000, 'three routed records');

    const route = outboxEventRouter('outbox.event.');
    const events: ChangeEvent[] = [
      ...twin.snapshotRows(view).map((r): ChangeEvent => ({ op: 'r', table: 'outbox', pk: r.pk, after: r.after, lsn: 0, tag: null })),
      ...twin.streamedAfter({ commitLsn: view, lsn: -1 }).map((ch): ChangeEvent => ({ op: ch.op, table: 'outbox', pk: ch.pk, after: ch.after, lsn: ch.lsn, tag: null })),
    ];
    expect(events.map((e) => e.op)).toEqual(['r', 'c', 'u', 'd', 'c']);
    const predicted = events.map(route).filter((r) => r !== null).map((r) => ({ topic: r.topic, key: r.record.key, id: r.record.id, value: r.record.value }));
    const observed = real.map((r) => ({ topic: r.topic, key: r.key, id: r.headers.id ?? null, value: r.value === null ? null : (JSON.parse(r.value) as unknown) }));
    expect(observed).toEqual(predicted);
    // Nothing else arrives later: the update and the delete are dropped, not late.
    await twin.transaction([['c', outboxRow('e-4', type, 'acct-3')]]);
    const after = await waitFor(() => p.harness.dump(topic), (r) => r.length >= 4, 60_000, 'the marker record');
    expect(after.map((r) => r.headers.id)).toEqual(['e-1', 'e-2', 'e-3', 'e-4']);
    await worker.stop();
  });
});
