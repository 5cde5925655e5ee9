import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HarnessClient } from './HarnessClient.ts';
import { lsnValue, parseTestDecoding } from '../parseTestDecoding.ts';
import { ModelConnector } from './ModelConnector.ts';
import { OUTBOX_DDL, slotState, usePipeline, waitFor } from './PipelineFixture.ts';
import { outboxRow, TwinDatabase } from './TwinDatabase.ts';

/**
 * Point 1 of the issue, on Debezium 3.6.1: the slot-confirmation rule. The outbox is written
 * delete-after-insert (each transaction inserts an event and deletes it; the router drops the
 * delete, so Kafka Connect never stores its offset). After the offset flush, the slot's
 * `confirmed_flush_lsn` is compared with the model's prediction (`flush` confirms the stored
 * offset's `lsn_commit`, the commit of the transaction before the change's own); then the worker is SIGKILLed, a transaction commits while it is down, and the
 * restart must send exactly the model's prediction: nothing lost, nothing of the flushed
 * transactions again. LSNs are matched by relative order: an observer `test_decoding` slot gives
 * every change's real LSN, in the same statement order as the model's.
 */
describe('slot confirmation after an offset flush, model against Debezium 3.6.1', () => {
  const pipeline = usePipeline();

  it('both store e2\'s insert with T1\'s commit as lsn_commit and confirm just past T1 (after the same 2 of 4 changes); a crash loses nothing on either side', async () => {
    const p = pipeline();
    const name = 'confirm';
    const schema = 'p_confirm';
    const type = 'ConfirmAccount';
    const topic = `outbox.event.${type}`;
    const twin = await TwinDatabase.create(schema, () => p.session(), OUTBOX_DDL);
    const admin = await p.session();
    await admin.query(`SELECT pg_create_logical_replication_slot('${name}_observer', 'test_decoding')`);
    const model = new ModelConnector({ slotName: name, route: 'outbox', topicPrefix: 'outbox.event.' }, [topic]);
    const worker = p.worker(name, schema, { flushIntervalMs: 500, connector: { transforms: 'outbox', 'transforms.outbox.type': 'io.debezium.transforms.outbox.EventRouter' } });
    model.start(twin.model);
    await worker.start();
    await worker.waitForTask('RUNNING');
    await waitFor(() => slotState(admin, name), (s) => s?.active === true, 120_000, 'the slot in use');

    const ev = (id: string) => outboxRow(id, type, `acct-${id}`);
    await admin.query(`CREATE TABLE ${schema}.other (n integer)`);
    await twin.transaction([['c', ev('e1')], ['d', ev('e1')]]);
    // An uncaptured write in between, so that T1's commit and T2's first change get distinct LSNs.
    await admin.query(`INSERT INTO ${schema}.other VALUES (1)`);
    await twin.transaction([['c', ev('e2')], ['d', ev('e2')]]);
    model.catchUp(twin.model);
    await waitFor(() => p.harness.dump(topic), (r) => r.length >= 2, 120_000, 'e1 and e2 routed');

    // Real LSNs of our changes, in statement order (the observer decodes every schema; keep ours).
    const decoded = parseTestDecoding((await admin.query<{ lsn: string; data: string }>(`SELECT lsn::text, data FROM pg_logical_slot_peek_changes('${name}_observer', NULL, NULL, 'include-xids', '1')`)).rows).filter((t) => t.changes.some((c) => c.schema === schema && c.table === 'outbox'));
    const realChanges = decoded.flatMap((t) => t.changes.map((c) => lsnValue(c.lsn)));
    const modelTxns = twin.model.wal.filter((t) => t.changes.length > 0 && t.xid !== 1);
    const modelChanges = modelTxns.flatMap((t) => t.changes.map((c) => c.lsn));
    console.log(`confirm: real changes ${decoded.map((t) => `[${t.changes.map((c) => `${c.op} ${lsnValue(c.lsn)}`).join(', ')}] commit ${lsnValue(t.commitLsn)}`).join('; ')}; model ${modelTxns.map((t) => `[${t.changes.map((c) => `${c.op} ${c.lsn}`).join(', ')}] commit ${t.commitLsn}`).join('; ')}`);
    expect(realChanges.length).toBe(4);
    expect(modelChanges.length).toBe(4);

    // The flush. Kafka Connect stores the offset of the last record it sent, e2's insert: the
    // router's dropped delete moves no offset (Connect only submits offsets of records it sends).
    // Its lsn_commit is T1's commit (the last whole transaction before it).
    const t1Commit = lsnValue(decoded[0]!.commitLsn);
    const e2Insert = realChanges[2]!;
    const stored = (await waitFor(() => p.harness.offsets(worker.offsetFile), (o) => o.some((x) => BigInt(Number(x.value?.lsn_proc ?? 0)) === e2Insert), 60_000, 'the offset of e2\'s insert flushed'))[0]!.value!;
    await new Promise((r) => setTimeout(r, 3000));
    expect((await p.harness.offsets(worker.offsetFile))[0]!.value).toEqual(stored);
    expect(BigInt(Number(stored.lsn_commit))).toBe(t1Commit);
    await expectHalfWrittenFilesWaitedFor(p.harness, worker.offsetFile);
    // Debezium confirms that lsn_commit to the slot (the DBZ-7816 rule).
    const slot = await waitFor(() => slotState(admin, name), (s) => s?.confirmedFlushLsn !== null && lsnValue(s!.confirmedFlushLsn!) >= t1Commit, 30_000, 'confirmed_flush_lsn at the stored lsn_commit');
    const confirmed = lsnValue(slot!.confirmedFlushLsn!);
    expect(confirmed).toBe(t1Commit);
    // The model: a record the router drops is never submitted, so its offset is never stored
    // (as in Connect): it stores e2's insert too, keyed for resuming on its own transaction (T2)
    // and carrying T1's commit as lsn_commit, which the commit confirms (its end: commit + 1).
    model.flush();
    const modelConfirmed = model.slot(twin.model)!.confirmedLsn;
    expect(model.stored?.lsn).toBe(modelChanges[2]);
    expect(model.stored?.commitLsn).toBe(modelTxns[1]!.commitLsn);
    expect(model.stored?.lastCommitLsn).toBe(modelTxns[0]!.commitLsn);
    expect(modelConfirmed).toBe(modelTxns[0]!.commitLsn + 1);
    const realRank = realChanges.filter((l) => l < confirmed).length;
    const modelRank = modelChanges.filter((l) => l < modelConfirmed).length;
    console.log(`confirm: Debezium stores lsn_proc=${stored.lsn_proc} (e2's insert), lsn_commit=${stored.lsn_commit} (T1's commit) and confirms ${slot!.confirmedFlushLsn}: after ${realRank} of the 4 changes; the model confirms after ${modelRank} of 4`);
    expect([realRank, modelRank]).toEqual([2, 2]);
    // By transactions: both leave T1 behind and T2 to be sent again by a restart from the slot
    // (test_decoding reports a COMMIT at the end of its record, the model at its start).
    expect(decoded.map((t) => lsnValue(t.commitLsn) <= confirmed)).toEqual([true, false]);
    expect(modelTxns.map((t) => t.commitLsn < modelConfirmed)).toEqual([true, false]);

    // A crash after the flush, a transaction while the worker is down, a restart.
    await worker.kill();
    model.crash();
    await twin.transaction([['c', ev('e3')], ['d', ev('e3')]]);
    const resumed = model.start(twin.model);
    await worker.start();
    await worker.waitForTask('RUNNING');
    const expected = resumed.records.map((r) => r.id);
    const all = await waitFor(() => p.harness.dump(topic), (r) => r.length >= 2 + expected.length, 120_000, 'the events after the restart');
    await new Promise((r) => setTimeout(r, 2000));
    const after = (await p.harness.dump(topic)).slice(2).map((r) => r.headers.id);
    console.log(`confirm: after the crash the model sends [${expected.join(', ')}], Debezium sent [${after.join(', ')}]`);
    expect(expected).toEqual(['e3']);
    expect(after).toEqual(expected);
    expect(all.slice(0, 2).map((r) => r.headers.id)).toEqual(['e1', 'e2']);
    await worker.kill();
    await admin.query(`SELECT pg_drop_replication_slot('${name}_observer')`);
  });
});

/**
 * Kafka Connect rewrites its offset file in place, so the harness can read it half written; it
 * must wait for the whole file rather than fail (a CI run once diverged on such a read). Checked
 * on a copy of the real file: half of it, completed 300 ms later, reads as the whole; half of it
 * for good is an error that says so.
 */
async function expectHalfWrittenFilesWaitedFor(harness: HarnessClient, offsetFile: string): Promise<void> {
  const whole = readFileSync(offsetFile);
  const dir = mkdtempSync(join(tmpdir(), 'cdc-check-offsets-'));
  const completed = join(dir, 'completed.offsets');
  writeFileSync(completed, whole.subarray(0, whole.length >> 1));
  const read = harness.offsets(completed);
  setTimeout(() => writeFileSync(completed, whole), 300);
  expect(await read).toEqual(await harness.offsets(offsetFile));
  const torn = join(dir, 'torn.offsets');
  writeFileSync(torn, whole.subarray(0, whole.length >> 1));
  await expect(harness.offsets(torn)).rejects.toThrow(/stayed half written/);
}
