import { describe, expect, it } from 'vitest';
import { OUTBOX_DDL, slotState, usePipeline, waitFor, type Pipeline } from './PipelineFixture.ts';
import { outboxRow, TwinDatabase } from './TwinDatabase.ts';

/**
 * Point 1 of the issue, the failed send: a record larger than the producer's
 * `max.request.size` (4000 bytes here, a worker-level `producer.` override) fails for good
 * (`RecordTooLargeException`, not retried). That is how a send is made to fail for real.
 * - `errors.tolerance=none` (Kafka Connect's default, and the model's `ConnectorConfig`): the
 *   model says the task fails (`SEND_FAILED_TASK_FAILED` once retries are spent) and restarts
 *   from the flushed offsets; Debezium's task goes FAILED.
 * - `errors.tolerance=all`: Kafka Connect skips the record and commits past it, so the event is
 *   lost for good, also across a restart. The model on this branch has no errors.tolerance knob
 *   (no step to compare with): the real behaviour is pinned here and listed in the docs.
 */
describe('a send that fails for good, on Debezium 3.6.1 and Kafka Connect 4.4.0', () => {
  const pipeline = usePipeline();
  const big = { blob: 'x'.repeat(10_000) };

  async function failedSendCase(p: Pipeline, tolerance: 'none' | 'all') {
    const name = `send_${tolerance}`;
    const schema = `p_${name}`;
    const type = `Send${tolerance}`;
    const topic = `outbox.event.${type}`;
    const twin = await TwinDatabase.create(schema, () => p.session(), OUTBOX_DDL);
    const admin = await p.session();
    const worker = p.worker(name, schema, {
      flushIntervalMs: 500,
      worker: { 'producer.max.request.size': '4000' },
      connector: { transforms: 'outbox', 'transforms.outbox.type': 'io.debezium.transforms.outbox.EventRouter', 'errors.tolerance': tolerance, 'errors.log.enable': 'true' },
    });
    await worker.start();
    await worker.waitForTask('RUNNING');
    await waitFor(() => slotState(admin, name), (s) => s?.active === true, 120_000, 'the slot in use');
    await twin.transaction([['c', outboxRow('f1', type, 'acct-1')]]);
    await twin.transaction([['c', outboxRow('f2', type, 'acct-2', big)]]);
    await twin.transaction([['c', outboxRow('f3', type, 'acct-3')]]);
    return { worker, topic, twin, admin };
  }

  it('errors.tolerance=none: the task fails on the send (the model: SEND_FAILED_TASK_FAILED with no retries left)', async () => {
    const p = pipeline();
    const r = await failedSendCase(p, 'none');
    const failed = await r.worker.waitForTask('FAILED', 120_000);
    expect(failed.trace ?? '').toMatch(/RecordTooLarge|max\.request\.size|too large/i);
    const ids = (await p.harness.dump(r.topic)).map((x) => x.headers.id);
    console.log(`failed send, errors.tolerance=none: the task FAILED; Kafka holds [${ids.join(', ')}]`);
    expect(ids).toEqual(['f1']);
    await r.worker.kill();
  });

  it('errors.tolerance=all: Kafka Connect skips the record and commits past it; the event is lost across a restart', async () => {
    const p = pipeline();
    const r = await failedSendCase(p, 'all');
    await waitFor(() => p.harness.dump(r.topic), (x) => x.length >= 2, 120_000, 'f3 after the skipped f2');
    expect((await r.worker.task()).state).toBe('RUNNING');
    // The offset moves past f2: wait for f3's offset to be flushed, then crash and restart.
    await new Promise((res) => setTimeout(res, 3000));
    await r.worker.kill();
    await r.worker.start();
    await r.worker.waitForTask('RUNNING');
    await r.twin.transaction([['c', outboxRow('f4', `Send${'all'}`, 'acct-4')]]);
    const all = await waitFor(() => p.harness.dump(r.topic), (x) => x.some((y) => y.headers.id === 'f4'), 120_000, 'f4 after the restart');
    const ids = all.map((x) => x.headers.id);
    console.log(`failed send, errors.tolerance=all: Kafka holds [${ids.join(', ')}]: f2 lost, not resent after a crash`);
    expect(ids).toEqual(['f1', 'f3', 'f4']);
    await r.worker.kill();
  });
});
