import { describe, expect, it } from 'vitest';
import { ModelConnector } from './ModelConnector.ts';
import { ModelConsumer, type ConsumerStep } from './ModelConsumer.ts';
import { OUTBOX_DDL, usePipeline, waitFor, type Pipeline } from './PipelineFixture.ts';
import { outboxRow, TwinDatabase } from './TwinDatabase.ts';

/** What one consumer schedule did on one side: the records each read delivered, what the application applied. */
interface ConsumerRun {
  delivered: string[];
  applied: string[];
}

/**
 * What the consumer applies: the model's downstream consumer (`models/world/consumer.ts`,
 * stepped by `ModelConsumer`) against a real Kafka group consumer with manual commits
 * (`max.poll.records=1`, `commitSync()` after the record, auto commit off), over the same four
 * events the outbox router put in Kafka, through the same schedule of reads, commits and
 * consumer crashes. A crash is the consumer closed without committing and a new one subscribed
 * in the same group.
 *
 * What is real here is Kafka's side: which record each read delivers, above all after a crash
 * (from the group's committed offset). The application behind the real consumer is the test's:
 * it applies each delivered event, skipping an eventId it has seen when it deduplicates, as the
 * model's does; so the comparison of `applied` checks the model's consumer logic over the real
 * deliveries, and `delivered` checks the model's redelivery rule against Kafka.
 */
describe('what the consumer applies, model against a Kafka group consumer with manual commits', () => {
  const pipeline = usePipeline();
  const type = 'ConsumeAccount';
  const topic = `outbox.event.${type}`;
  let records: ReturnType<ModelConnector['start']>['records'] = [];

  async function events(p: Pipeline): Promise<void> {
    if (records.length > 0) return;
    const name = 'consume';
    const schema = 'p_consume';
    const twin = await TwinDatabase.create(schema, () => p.session(), OUTBOX_DDL);
    const model = new ModelConnector({ slotName: name, route: 'outbox', topicPrefix: 'outbox.event.' }, [topic]);
    const worker = p.worker(name, schema, { connector: { transforms: 'outbox', 'transforms.outbox.type': 'io.debezium.transforms.outbox.EventRouter' } });
    model.start(twin.model);
    await worker.start();
    await worker.waitForTask('RUNNING');
    for (const id of ['e1', 'e2', 'e3', 'e4']) await twin.transaction([['c', outboxRow(id, type, `acct-${id}`)]]);
    const real = await waitFor(() => p.harness.dump(topic), (r) => r.length >= 4, 120_000, 'the four events in Kafka');
    await worker.kill();
    records = model.catchUp(twin.model);
    expect(records.map((r) => r.id)).toEqual(['e1', 'e2', 'e3', 'e4']);
    expect(real.map((r) => r.headers.id)).toEqual(['e1', 'e2', 'e3', 'e4']);
  }

  /**
   * The schedule on the real consumer of group `group`. `commit`: `after`, APPLY reads a record and
   * applies it; `before`, POLL reads a record and commits, APPLY applies it. `dedup`: the application
   * skips a seen eventId.
   */
  async function realRun(p: Pipeline, group: string, steps: readonly ConsumerStep[], commit: 'after' | 'before', dedup: boolean): Promise<ConsumerRun> {
    const run: ConsumerRun = { delivered: [], applied: [] };
    const seen = new Set<string>();
    const apply = (id: string) => {
      if (dedup && seen.has(id)) return;
      seen.add(id);
      run.applied.push(id);
    };
    const subscribe = () => p.harness.subscribe(group, [topic], { maxPollRecords: 1 });
    const read = async () => {
      const got = await p.harness.poll(30_000, 1);
      expect(got.length).toBe(1);
      const id = got[0]!.headers.id!;
      run.delivered.push(id);
      return id;
    };
    let fetched = '';
    await subscribe();
    for (const step of steps) {
      if (step === 'APPLY' && commit === 'after') apply(await read());
      else if (step === 'APPLY') {
        apply(fetched);
        fetched = '';
      } else if (step === 'POLL') {
        fetched = await read();
        await p.harness.commit();
      } else if (step === 'COMMIT') await p.harness.commit();
      else {
        fetched = '';
        await p.harness.crashConsumer();
        await subscribe();
      }
    }
    return run;
  }

  /** The same schedule on the model's consumer. */
  function modelRun(steps: readonly ConsumerStep[], config: { commit: 'after' | 'before'; dedup: 'none' | 'eventId' }): ConsumerRun & { consumer: ModelConsumer } {
    const consumer = new ModelConsumer(topic, records, config);
    const delivered: string[] = [];
    for (const step of steps) {
      const id = consumer.step(step);
      if (step === 'POLL' || (step === 'APPLY' && config.commit === 'after')) delivered.push(id);
    }
    return { delivered, applied: [...consumer.applied], consumer };
  }

  it('commit after applying: a crash before the commit redelivers the record, which dedup by eventId applies once; a crash after it redelivers nothing', async () => {
    const p = pipeline();
    await events(p);
    const steps: ConsumerStep[] = ['APPLY', 'COMMIT', 'APPLY', 'COMMIT', 'APPLY', 'CRASH', 'APPLY', 'COMMIT', 'APPLY', 'COMMIT'];
    const withDedup = modelRun(steps, { commit: 'after', dedup: 'eventId' });
    const without = modelRun(steps, { commit: 'after', dedup: 'none' });
    const real = await realRun(p, 'g-after', steps, 'after', true);
    const realNoDedup = { delivered: real.delivered, applied: real.delivered };
    console.log(`consumer, commit after: model delivers [${withDedup.delivered.join(', ')}], Kafka delivered [${real.delivered.join(', ')}]; applied with dedup: model [${withDedup.applied.join(', ')}], real [${real.applied.join(', ')}]`);
    expect(real.delivered).toEqual(['e1', 'e2', 'e3', 'e3', 'e4']);
    expect(withDedup.delivered).toEqual(real.delivered);
    expect(withDedup.applied).toEqual(real.applied);
    expect(real.applied).toEqual(['e1', 'e2', 'e3', 'e4']);
    // Without dedup the redelivered e3 is applied twice, on both sides.
    expect(without.applied).toEqual(realNoDedup.applied);
    expect(without.applied).toEqual(['e1', 'e2', 'e3', 'e3', 'e4']);

    // A crash after the last commit: the model has no such step (its positions are the committed
    // offsets already), and Kafka redelivers nothing.
    expect(withDedup.consumer.can('CRASH')).toBe(false);
    expect(withDedup.consumer.committed).toBe(4);
    await p.harness.crashConsumer();
    await p.harness.subscribe('g-after', [topic], { maxPollRecords: 1 });
    expect(await p.harness.poll(8000, 1)).toEqual([]);
    await p.harness.crashConsumer();
  });

  it('commit before applying: a crash between the commit and the effect loses the record, on both sides', async () => {
    const p = pipeline();
    await events(p);
    const steps: ConsumerStep[] = ['POLL', 'APPLY', 'POLL', 'CRASH', 'POLL', 'APPLY', 'POLL', 'APPLY'];
    const model = modelRun(steps, { commit: 'before', dedup: 'none' });
    const real = await realRun(p, 'g-before', steps, 'before', false);
    console.log(`consumer, commit before: model delivers [${model.delivered.join(', ')}], Kafka delivered [${real.delivered.join(', ')}]; applied: model [${model.applied.join(', ')}], real [${real.applied.join(', ')}]`);
    expect(real.delivered).toEqual(['e1', 'e2', 'e3', 'e4']);
    expect(model.delivered).toEqual(real.delivered);
    expect(real.applied).toEqual(['e1', 'e3', 'e4']);
    expect(model.applied).toEqual(real.applied);
    await p.harness.crashConsumer();
  });
});
