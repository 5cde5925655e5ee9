import { describe, expect, it } from 'vitest';
import { ModelConnector } from './ModelConnector.ts';
import { ModelConsumer } from './ModelConsumer.ts';
import { OUTBOX_DDL, usePipeline, waitFor } from './PipelineFixture.ts';
import { outboxRow, TwinDatabase } from './TwinDatabase.ts';

/**
 * `ids` with each run of equal neighbours kept once: what the model's producer allows a broker
 * restart to add. With one request in flight, a request whose response is lost
 * (`ProducerLoseAck` in `models/pipeline/producerEffects.ts`) was appended and is retried before
 * anything after it, so its duplicate, if any, sits right behind it.
 */
function withoutAdjacentRepeats(ids: readonly string[]): string[] {
  return ids.filter((id, i) => i === 0 || ids[i - 1] !== id);
}

/**
 * A broker restart, model against real: a one-node KRaft broker of this file's own is
 * SIGKILLed and started again on the same log dir while the connector streams and a consumer
 * group has committed part of the topic.
 *
 * The model has no broker-restart step: to the connector's producer a restart is requests that
 * time out and are retried (its `network` fault: a lost ack appends and retries, a failed send
 * retries), and the broker's log and the group's committed offsets are durable (`acks=all`;
 * `models/world/kafka.ts` never forgets a record or an offset). So the model predicts: the
 * Kafka Connect task keeps running (Connect's producer retries for ever:
 * `delivery.timeout.ms=Integer.MAX_VALUE`, `Worker.baseProducerConfigs`), every event reaches
 * Kafka in the order the model's connector sends it, possibly with a record repeated right
 * behind itself, and the group resumes after the restart from its committed offset.
 */
describe('a broker restart, model against real', () => {
  const pipeline = usePipeline({ ownBroker: true });

  it('the task survives, no event is lost or reordered, a duplicate can only repeat its neighbour, and the group resumes from its committed offset', async () => {
    const p = pipeline();
    const name = 'brestart';
    const schema = 'p_brestart';
    const type = 'RestartAccount';
    const topic = `outbox.event.${type}`;
    const twin = await TwinDatabase.create(schema, () => p.session(), OUTBOX_DDL);
    const model = new ModelConnector({ slotName: name, route: 'outbox', topicPrefix: 'outbox.event.' }, [topic]);
    const worker = p.worker(name, schema, { connector: { transforms: 'outbox', 'transforms.outbox.type': 'io.debezium.transforms.outbox.EventRouter' } });
    model.start(twin.model);
    await worker.start();
    await worker.waitForTask('RUNNING');
    for (const id of ['e1', 'e2', 'e3']) await twin.transaction([['c', outboxRow(id, type, `acct-${id}`)]]);
    await waitFor(() => p.harness.dump(topic), (r) => r.length >= 3, 120_000, 'the first three events in Kafka');

    // The group reads and commits e1 and e2.
    await p.harness.subscribe('g-restart', [topic], { maxPollRecords: 1 });
    const before: string[] = [];
    for (let i = 0; i < 2; i++) {
      const got = await p.harness.poll(30_000, 1);
      before.push(got[0]!.headers.id!);
      await p.harness.commit();
    }
    expect(before).toEqual(['e1', 'e2']);

    // The restart, with two transactions committed while the broker is down: the connector
    // reads them, and their records wait in its producer, retried until the broker answers.
    await p.restartBroker(async () => {
      for (const id of ['e4', 'e5']) await twin.transaction([['c', outboxRow(id, type, `acct-${id}`)]]);
      await new Promise((r) => setTimeout(r, 3000));
      expect((await worker.task()).state).toBe('RUNNING');
    });
    await twin.transaction([['c', outboxRow('e6', type, 'acct-e6')]]);
    const real = await waitFor(() => p.harness.dump(topic), (r) => new Set(r.map((x) => x.headers.id)).size >= 6, 180_000, 'all six events in Kafka after the restart');
    expect((await worker.task()).state).toBe('RUNNING');

    const records = model.catchUp(twin.model);
    const modelIds = records.map((r) => r.id);
    const realIds = real.map((r) => r.headers.id!);
    console.log(`broker restart: model sends [${modelIds.join(', ')}], Kafka holds [${realIds.join(', ')}]`);
    expect(modelIds).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6']);
    expect(withoutAdjacentRepeats(realIds)).toEqual(modelIds);

    // A consumer that starts over after the restart (the old one gone without committing
    // more) is given the group's committed offset, which the model's group keeps for ever.
    await p.harness.crashConsumer();
    await p.harness.subscribe('g-restart', [topic], { maxPollRecords: 1 });
    const after = await p.harness.poll(60_000, 1);
    const consumer = new ModelConsumer(topic, records, { commit: 'after', dedup: 'none' });
    const predicted = ['APPLY', 'COMMIT', 'APPLY', 'COMMIT', 'APPLY'].map((step) => consumer.step(step as 'APPLY' | 'COMMIT')).filter((id) => id !== '');
    expect(predicted).toEqual(['e1', 'e2', 'e3']);
    expect([...before, after[0]!.headers.id]).toEqual(predicted);
    await p.harness.crashConsumer();
    await worker.kill();
  });
});
