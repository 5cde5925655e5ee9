import { describe, expect, it } from 'vitest';
import type { DebeziumVersion } from '../../models/pipeline/DebeziumVersion.ts';
import { lsnValue, parseTestDecoding } from '../parseTestDecoding.ts';
import { ModelConnector } from './ModelConnector.ts';
import { OUTBOX_DDL, slotState, usePipeline, waitFor, type Pipeline } from './PipelineFixture.ts';
import { outboxRow, TwinDatabase } from './TwinDatabase.ts';

/**
 * Point 1 of the issue on both sides of DBZ-7816, the catalogue's `dbz-7816-no-data-delete`
 * schedule for real: `snapshot.mode=no_data`, the outbox written delete-after-insert (T1 inserts
 * and deletes e1, T2 e2), the Outbox Event Router (it drops the deletes), and a crash of the
 * Connect worker while the inserts are not yet acknowledged.
 *
 * The control point that holds the inserts back: `producer.linger.ms` of ten minutes (a worker
 * `producer.` override, for the first start only). The producer keeps both inserts in its
 * accumulator, so no byte of them reaches the broker, while the task goes on: each delete the
 * router drops is reported back at once (`WorkerSourceTask.recordDropped`), and the offset-commit
 * timer (500 ms) fires with nothing acknowledged. Then SIGKILL: the inserts die in the producer.
 * - Debezium 2.6.1.Final (Kafka Connect 3.7.2): `BaseSourceTask.commitRecord` put the dropped
 *   delete of T2 into `lastOffsets`, and `commit()` confirms its `lsn_commit`, T1's commit: the
 *   slot passes e1, which never reached Kafka. The restart (no stored offsets: nothing was ever
 *   acknowledged) streams from the slot, and e1 is lost.
 * - Debezium 3.6.1.Final (Kafka Connect 4.4.0): `commit()` confirms only the stored offsets
 *   (none), the slot stays, and the restart sends e1 and e2: nothing lost.
 * The model (`ModelConnector` with `version`) predicts the slot's confirmed position (matched by
 * transactions: which commits it leaves behind) and what the restart sends.
 */
describe('DBZ-7816 for real: no_data, delete-after-insert, a crash with the inserts unacknowledged', () => {
  const pipeline = usePipeline();

  async function run(p: Pipeline, version: DebeziumVersion) {
    const name = `dbz7816_${version.replace(/\./g, '')}`;
    const schema = `p_${name}`;
    const type = `Dbz${version.replace(/\./g, '')}Account`;
    const topic = `outbox.event.${type}`;
    const twin = await TwinDatabase.create(schema, () => p.session(), OUTBOX_DDL);
    const admin = await p.session();
    await admin.query(`SELECT pg_create_logical_replication_slot('${name}_observer', 'test_decoding')`);
    await admin.query(`CREATE TABLE ${schema}.other (n integer)`);
    const model = new ModelConnector({ slotName: name, route: 'outbox', topicPrefix: 'outbox.event.', snapshotMode: 'no_data', version }, [topic]);
    const worker = p.worker(name, schema, {
      debezium: version === '2.6.1' ? '2.6.1' : '3.6.1',
      flushIntervalMs: 500,
      worker: { 'producer.linger.ms': '600000' },
      connector: { 'snapshot.mode': 'no_data', transforms: 'outbox', 'transforms.outbox.type': 'io.debezium.transforms.outbox.EventRouter' },
    });
    model.start(twin.model);
    await worker.start();
    await worker.waitForTask('RUNNING');
    const plugin = await worker.pluginVersion('io.debezium.connector.postgresql.PostgresConnector');
    const connect = await worker.version();
    await waitFor(() => slotState(admin, name), (s) => s?.active === true, 120_000, 'the slot in use');
    const slotBefore = (await slotState(admin, name))!.confirmedFlushLsn!;

    const ev = (id: string) => outboxRow(id, type, `acct-${id}`);
    await twin.transaction([['c', ev('e1')], ['d', ev('e1')]]);
    // An uncaptured write in between, so that T1's commit and T2's first change get distinct LSNs.
    await admin.query(`INSERT INTO ${schema}.other VALUES (1)`);
    await twin.transaction([['c', ev('e2')], ['d', ev('e2')]]);
    model.readUnsent(twin.model);
    expect(model.unsent).toEqual(['e1', 'e2']);
    model.flush();

    const decoded = parseTestDecoding((await admin.query<{ lsn: string; data: string }>(`SELECT lsn::text, data FROM pg_logical_slot_peek_changes('${name}_observer', NULL, NULL, 'include-xids', '1')`)).rows).filter((t) => t.changes.some((c) => c.schema === schema && c.table === 'outbox'));
    expect(decoded.length).toBe(2);
    const t1End = lsnValue(decoded[0]!.commitLsn);
    const modelTxns = twin.model.wal.filter((t) => t.changes.some((c) => c.table === 'outbox'));
    const modelConfirmed = model.slot(twin.model)!.confirmedLsn;

    // The real confirmation: on 2.6.1, wait for the slot to reach T1's commit; on 3.6.1, give the
    // timer 10 firings (5 s) and read where the slot is.
    const slot =
      version === '2.6.1'
        ? await waitFor(() => slotState(admin, name), (s) => s?.confirmedFlushLsn !== null && lsnValue(s!.confirmedFlushLsn!) >= t1End, 60_000, 'the slot confirmed past T1')
        : await new Promise((r) => setTimeout(r, 5000)).then(() => slotState(admin, name));
    const confirmed = lsnValue(slot!.confirmedFlushLsn!);
    // Nothing reached Kafka: the inserts wait in the producer.
    const beforeKill = (await p.harness.dump(topic)).map((r) => r.headers.id);
    const offsetsBeforeKill = await p.harness.offsets(worker.offsetFile);
    await worker.kill();
    model.crash();

    // Restart without the linger: the producer sends at once.
    worker.setWorkerProperties(undefined);
    const resumed = model.start(twin.model);
    await worker.start();
    const task = await worker.waitForTask('RUNNING');
    const expected = resumed.records.map((r) => r.id);
    await waitFor(() => p.harness.dump(topic), (r) => r.length >= expected.length, 120_000, 'the events after the restart');
    await new Promise((r) => setTimeout(r, 3000));
    const after = (await p.harness.dump(topic)).map((r) => r.headers.id);
    const released = <T extends number | bigint>(c: T, commits: T[], end: boolean) => commits.map((x) => (end ? x <= c : x < c));
    const result = {
      plugin,
      connect,
      beforeKill,
      offsetsBeforeKill: offsetsBeforeKill.length,
      slotBefore,
      confirmed: slot!.confirmedFlushLsn,
      // Which of T1, T2 the confirmed position leaves behind (real: COMMIT at its record's end; model: at its start).
      realReleased: released(confirmed, decoded.map((t) => lsnValue(t.commitLsn)), true),
      modelReleased: released(modelConfirmed, modelTxns.map((t) => t.commitLsn), false),
      task: task.state,
      expected,
      after,
    };
    console.log(`dbz-7816 on Debezium ${plugin} (Kafka Connect ${connect}): ${JSON.stringify(result)}`);
    await worker.kill();
    await admin.query(`SELECT pg_drop_replication_slot('${name}_observer')`);
    return result;
  }

  it('Debezium 2.6.1: the commit confirms the slot past e1 while it waits in the producer; after SIGKILL and a restart e1 is lost, as the model predicts', async () => {
    const r = await run(pipeline(), '2.6.1');
    expect(r.plugin).toBe('2.6.1.Final');
    expect(r.connect).toMatch(/^3\.7\./);
    expect(r.beforeKill).toEqual([]);
    expect(r.offsetsBeforeKill).toBe(0);
    expect(r.realReleased).toEqual([true, false]);
    expect(r.modelReleased).toEqual(r.realReleased);
    expect(r.expected).toEqual(['e2']);
    expect(r.after).toEqual(r.expected);
  });

  it('Debezium 3.6.1: the same schedule confirms nothing (no offsets stored), and the restart sends e1 and e2: nothing lost, as the model predicts', async () => {
    const r = await run(pipeline(), '3.6.1');
    expect(r.plugin).toBe('3.6.1.Final');
    expect(r.beforeKill).toEqual([]);
    expect(r.offsetsBeforeKill).toBe(0);
    expect(r.confirmed).toBe(r.slotBefore);
    expect(r.realReleased).toEqual([false, false]);
    expect(r.modelReleased).toEqual(r.realReleased);
    expect(r.expected).toEqual(['e1', 'e2']);
    expect(r.after).toEqual(r.expected);
  });
});
