import { describe, expect, it } from 'vitest';
import { ModelConnector } from './ModelConnector.ts';
import { modelOps, realEvent, realOps } from './realEvents.ts';
import { OUTBOX_DDL, slotState, usePipeline, waitFor } from './PipelineFixture.ts';
import { outboxRow, TwinDatabase } from './TwinDatabase.ts';

/**
 * Point 2 of the issue: what the connector sends again after a crash (SIGKILL of the Connect
 * worker), against the model's `nextStreamedChange` from the stored offsets. T2 writes early
 * (before T1), stays open across the crash and commits late; T1 is streamed and its offset
 * flushed before the kill. The restart must resume after T1 yet still send all of T2, whose
 * first change lies below T1's LSNs. A second kill with nothing flushed since (flush interval
 * one hour) re-sends everything after the same stored offsets again.
 */
describe('resume after a crash of the Connect worker, model against Debezium', () => {
  const pipeline = usePipeline();

  it('re-sends exactly what nextStreamedChange gives after the flushed (lsn_commit, lsn_proc), including a transaction that wrote early and committed late', async () => {
    const p = pipeline();
    const name = 'resume';
    const schema = 'p_resume';
    const twin = await TwinDatabase.create(schema, () => p.session(), OUTBOX_DDL);
    const admin = await p.session();
    const row = (id: string) => outboxRow(id, 'Account', `acct-${id}`);
    await twin.transaction([['c', row('s0')]]);
    const model = new ModelConnector({ slotName: name });
    const worker = p.worker(name, schema, { converter: 'json', flushIntervalMs: 500 });
    const topic = `${name}.${schema}.outbox`;
    const dump = () => p.harness.dump(topic);

    model.start(twin.model);
    await worker.start();
    await worker.waitForTask('RUNNING');
    await waitFor(() => slotState(admin, name), (s) => s?.active === true, 120_000, 'the slot in use');
    await waitFor(dump, (r) => r.length >= 1, 120_000, 'the snapshot');

    // T2 writes first and stays open; T1 writes and commits, and is streamed.
    const t2 = await twin.session();
    await twin.begin(t2);
    await twin.write(t2, 'c', row('t2a'));
    await twin.transaction([['c', row('t1')]]);
    model.catchUp(twin.model);
    const t1Record = (await waitFor(dump, (r) => realOps(r).includes('c t1'), 120_000, 'T1 streamed')).find((r) => realEvent(r)?.pk === 't1')!;
    const t1Lsn = realEvent(t1Record)!.lsn;
    // Kafka Connect flushes T1's offset (every 500 ms): wait until the offset file holds it.
    const stored = await waitFor(() => p.harness.offsets(worker.offsetFile), (o) => o.some((x) => x.value?.lsn_proc === t1Lsn), 60_000, 'T1\'s offset flushed');
    model.flush();
    await worker.kill();
    model.crash();
    const storedValue = stored.find((x) => x.value?.lsn_proc === t1Lsn)!.value!;
    // The model stores the same change: T1's (its lsn_proc is T1's change LSN on both sides).
    // T1 is the first transaction streamed after the snapshot: no COMMIT was processed before
    // it, so neither offset has an lsn_commit.
    const t1Model = twin.model.wal.find((t) => t.changes.some((c) => c.pk === 't1'))!;
    expect(model.stored).toEqual({ commitLsn: t1Model.commitLsn, lsn: t1Model.changes[0]!.lsn, lastCommitLsn: null, snapshot: false });
    expect(storedValue.lsn_proc).toBe(t1Lsn);
    expect(storedValue.lsn_commit).toBeUndefined();

    // While the worker is down: T2 writes again and commits; T3 commits.
    await twin.write(t2, 'c', row('t2b'));
    await twin.commit(t2);
    await twin.transaction([['c', row('t3')]]);

    // Restart with offsets flushed never (one hour): everything from here on is unflushed.
    worker.setFlushInterval(3_600_000);
    const before = (await dump()).length;
    const resumed = model.start(twin.model);
    expect(resumed.snapshot).toBe(false);
    await worker.start();
    await worker.waitForTask('RUNNING');
    const expected = modelOps(resumed.records);
    expect(expected).toEqual(['c t2a', 'c t2b', 'c t3']);
    const afterFirst = await waitFor(dump, (r) => realOps(r.slice(before)).length >= expected.length, 120_000, 'the re-sent events');
    await new Promise((r) => setTimeout(r, 2000));
    const real1 = realOps((await dump()).slice(before));
    console.log(`resume: after the first crash the model re-sends [${expected.join(', ')}], Debezium sent [${real1.join(', ')}]`);
    expect(real1).toEqual(expected);
    expect(afterFirst.length).toBeGreaterThan(before);

    // T4 is streamed, nothing is flushed, the worker is killed again: all since T1 comes again.
    await twin.transaction([['c', row('t4')]]);
    model.catchUp(twin.model);
    await waitFor(dump, (r) => realOps(r).includes('c t4'), 120_000, 'T4 streamed');
    await worker.kill();
    model.crash();
    const before2 = (await dump()).length;
    const again = model.start(twin.model);
    await worker.start();
    await worker.waitForTask('RUNNING');
    const expected2 = modelOps(again.records);
    expect(expected2).toEqual(['c t2a', 'c t2b', 'c t3', 'c t4']);
    await waitFor(dump, (r) => realOps(r.slice(before2)).length >= expected2.length, 120_000, 'the events re-sent after the second crash');
    await new Promise((r) => setTimeout(r, 2000));
    const real2 = realOps((await dump()).slice(before2));
    console.log(`resume: after the second crash (nothing flushed since) the model re-sends [${expected2.join(', ')}], Debezium sent [${real2.join(', ')}]`);
    expect(real2).toEqual(expected2);
    await worker.kill();
  });
});
