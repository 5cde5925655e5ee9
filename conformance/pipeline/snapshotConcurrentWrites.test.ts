import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelConnector } from './ModelConnector.ts';
import { OUTBOX_DDL, slotState, usePipeline, waitFor } from './PipelineFixture.ts';
import type { RealRecord } from './HarnessClient.ts';
import { outboxRow, TwinDatabase } from './TwinDatabase.ts';

/**
 * Point 6 of the issue: writes committed while the snapshot runs. The harness's gate transform
 * (`GateTransform`) holds the first snapshot record, and with `max.queue.size=2` Debezium's
 * snapshot reader blocks behind it: the snapshot is held open. Meanwhile one row is inserted,
 * one not yet read is updated and one deleted. The model's connector reads the snapshot as of its
 * view and streams the rest (`ModelConnector`); the events with their payloads are compared.
 */
describe('writes concurrent with the snapshot, model against Debezium', () => {
  const pipeline = usePipeline();

  it('the snapshot shows the rows as of the slot\'s consistent point; the concurrent writes are streamed after it', async () => {
    const p = pipeline();
    const name = 'concurrent';
    const schema = 'p_concurrent';
    const twin = await TwinDatabase.create(schema, () => p.session(), OUTBOX_DDL);
    const admin = await p.session();
    const row = (n: number, payload = 'v1') => outboxRow(`k${String(n).padStart(2, '0')}`, 'Account', `acct-${n}`, { v: payload });
    await twin.transaction(Array.from({ length: 12 }, (_, i) => ['c', row(i)] as const));
    const gate = join(p.dir, 'gate-open');
    const worker = p.worker(name, schema, {
      converter: 'json',
      connector: { transforms: 'gate', 'transforms.gate.type': 'cdccheck.pipeline.GateTransform', 'transforms.gate.gate.file': gate, 'max.queue.size': '2', 'max.batch.size': '1' },
    });
    const model = new ModelConnector({ slotName: name });
    const snapshot = model.start(twin.model);
    expect(snapshot.snapshot).toBe(true);
    await worker.start();
    await worker.waitForLog(/cdc-check gate: holding/, 120_000);
    await waitFor(() => slotState(admin, name), (s) => s !== null, 60_000, 'the slot');
    expect(worker.logLines(/Snapshot completed/i)).toEqual([]);

    // While the snapshot is held: an insert, an update of a row not yet read, a delete of another.
    await twin.transaction([['c', row(20)]]);
    await twin.transaction([['u', row(10, 'v2')]]);
    await twin.transaction([['d', row(11)]]);
    const streamed = model.catchUp(twin.model);
    await writeFile(gate, 'open');

    const expected = [...snapshot.records, ...streamed].map((r) => `${r.op} ${r.key} ${r.value === null ? '-' : String(r.value.payload)}`);
    const show = (records: RealRecord[]) =>
      records
        .filter((r) => r.value !== null)
        .map((r) => {
          const e = JSON.parse(r.value!) as { op: string; before: { id: string } | null; after: { id: string; payload: string } | null };
          return `${e.op} ${(e.after ?? e.before)!.id} ${e.after === null ? '-' : e.after.payload}`;
        });
    const topic = `${name}.${schema}.outbox`;
    await waitFor(async () => show(await p.harness.dump(topic)), (r) => r.length >= expected.length, 120_000, 'the snapshot and the streamed writes');
    await new Promise((r) => setTimeout(r, 2000));
    const real = show(await p.harness.dump(topic));
    expect(worker.logLines(/Snapshot completed/i).length).toBeGreaterThan(0);
    console.log(`concurrent: the model sends [${expected.join(', ')}]; Debezium sent [${real.join(', ')}]`);
    expect(expected.slice(0, 12).every((e) => e.startsWith('r ') && e.endsWith('{"v":"v1"}'))).toBe(true);
    expect(real).toEqual(expected);
    await worker.stop();
  });
});
