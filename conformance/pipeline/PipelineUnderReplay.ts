import { join } from 'node:path';
import type pg from 'pg';
import type { ConnectorConfig } from '../../models/pipeline/ConnectorConfig.ts';
import type { Database, Value } from '../../models/world/database.ts';
import type { World } from '../../models/world/World.ts';
import { ConnectWorker } from './ConnectWorker.ts';
import type { HarnessClient } from './HarnessClient.ts';
import { slotState, waitFor } from './PipelineFixture.ts';
import { RealConnectorProbe } from './RealConnectorProbe.ts';
import type { RealStep, ReplayConsumer } from './RealReplayPlan.ts';
import { kafkaLacks, knownRecords, realKafka, SERVICE_HEADER } from './realKafka.ts';

/** The producer's `max.request.size` in a replay, and the padding that makes a record exceed it. */
const MAX_REQUEST_BYTES = 8000;
const PADDING_BYTES = 20_000;
/** How long a step waits for the real systems to do what the model's step did. */
const STEP_WAIT_MS = 90_000;

/** What `PipelineUnderReplay.create` needs. */
export interface PipelineUnderReplayOptions {
  admin: pg.Client;
  harness: HarnessClient;
  bootstrap: string;
  url: string;
  /** Names this replay's slot, publication, connector and topics (`prefix.<model topic>`). */
  prefix: string;
  /** The schema the mirror's tables live in. */
  schema: string;
  /** Where the worker's files and logs go. */
  dir: string;
  connector: ConnectorConfig | null;
  /** The trace's initial state: its topics are created up front, with the model's partition counts. */
  first: World;
  /** The downstream consumer the trace steps, or null. */
  consumer?: ReplayConsumer | null;
  /** What the application records as applied for an eventId (the model's `change ?? id`). */
  appliedAs?: (id: string) => string;
}

/** What the real consumer side says: its application's store and the group's committed offset. */
export interface RealConsumerSays {
  applied: string[];
  dedup: string[];
  committed: number;
  text: string;
  divergence: string | null;
}

/**
 * The real Kafka side of a replay: the topics, the service's direct publishes (through the
 * harness's producer), and the Connect worker running Debezium with the trace's knobs, started,
 * killed and waited on as `RealStep`s say.
 */
export class PipelineUnderReplay {
  private running = false;
  private lastTask = 'not started';
  // The downstream consumer: a live group consumer or none, the record read and not yet
  // applied (commit before), and the application's store, which survives a consumer crash.
  private subscribed = false;
  private fetched: string | null = null;
  private readonly applied: string[] = [];
  private readonly seen = new Set<string>();

  private constructor(
    private readonly o: PipelineUnderReplayOptions,
    private readonly worker: ConnectWorker | null,
    private readonly probe: RealConnectorProbe | null,
  ) {}

  /** Creates the topics, the stored-offset probe and (not started) the worker. */
  static async create(o: PipelineUnderReplayOptions): Promise<PipelineUnderReplay> {
    for (const t of o.first.kafka.topics) await o.harness.createTopic(`${o.prefix}.${t.name}`, {}, t.partitions.length);
    const c = o.connector;
    if (c === null) return new PipelineUnderReplay(o, null, null);
    const probe = await RealConnectorProbe.create(o.admin, `${o.prefix}_lsn`, o.schema, c.tables, o.first.db);
    const url = new URL(o.url);
    const worker = new ConnectWorker({
      bootstrap: o.bootstrap,
      dir: join(o.dir, o.prefix),
      flushIntervalMs: 3_600_000,
      converter: 'string',
      worker: { 'producer.max.request.size': String(MAX_REQUEST_BYTES) },
      connector: {
        name: o.prefix,
        'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
        'tasks.max': '1',
        'plugin.name': 'pgoutput',
        'database.hostname': url.hostname,
        'database.port': url.port,
        'database.user': decodeURIComponent(url.username),
        'database.password': decodeURIComponent(url.password),
        'database.dbname': url.pathname.slice(1),
        'topic.prefix': o.prefix,
        'slot.name': o.prefix,
        'publication.name': `${o.prefix}_pub`,
        'publication.autocreate.mode': 'filtered',
        'table.include.list': c.tables.map((t) => `${o.schema}.${t}`).join(','),
        'snapshot.mode': c.snapshotMode,
        'flush.lsn.source': String(c.flushLsnSource),
        'poll.interval.ms': '100',
        'status.update.interval.ms': '1000',
        'errors.tolerance': c.errorsTolerance,
        'errors.log.enable': 'true',
        transforms: 'outbox',
        'transforms.outbox.type': 'io.debezium.transforms.outbox.EventRouter',
        'transforms.outbox.route.topic.replacement': `${o.prefix}.${c.topicPrefix}\${routedByValue}`,
      },
    });
    return new PipelineUnderReplay(o, worker, probe);
  }

  /**
   * Enacts the non-database part of a step; returns how the real systems differ from it, or
   * null. A step that also commits offsets (`RealStep.commits`) then waits, as an offset commit
   * does, for the offset file to hold the model's stored offset.
   */
  async enact(step: RealStep, before: World, after: World): Promise<string | null> {
    const diverged = await this.enactOwn(step, before, after);
    if (diverged !== null || !step.commits) return diverged;
    return this.enactOwn({ kind: 'flush', note: step.note }, before, after);
  }

  /** The step's own part of `enact`. */
  private async enactOwn(step: RealStep, before: World, after: World): Promise<string | null> {
    const worker = this.worker;
    try {
      switch (step.kind) {
        case 'database':
        case 'byItself':
          return null;
        case 'publish':
          return await this.publish(before, after);
        case 'startWorker': {
          worker!.setFlushInterval(step.flushIntervalMs!);
          await worker!.start();
          this.running = true;
          if (step.expectTask === 'FAILED') {
            this.lastTask = (await worker!.waitForTask('FAILED', STEP_WAIT_MS)).state;
            await this.kill();
            return null;
          }
          this.lastTask = (await worker!.waitForTask('RUNNING', STEP_WAIT_MS)).state;
          await waitFor(() => slotState(this.o.admin, this.o.prefix), (s) => s?.active === true, STEP_WAIT_MS, 'Debezium streaming from its slot');
          return null;
        }
        case 'awaitAppend':
          await waitFor(async () => kafkaLacks(realKafka(await this.o.harness.dump(`${this.o.prefix}.`), after.kafka, this.o.prefix, knownRecords([after.kafka])).kafka, after.kafka), (lacks) => lacks === null, STEP_WAIT_MS, 'the record in Kafka');
          return null;
        case 'sendFailsSkipped':
          await worker!.waitForLog(/RecordTooLarge|max\.request\.size/, STEP_WAIT_MS);
          return null;
        case 'sendFailsTaskFails': {
          const failed = await worker!.waitForTask('FAILED', STEP_WAIT_MS);
          this.lastTask = failed.state;
          if (!/RecordTooLarge|max\.request\.size/.test(failed.trace ?? '')) return `the real task failed for another reason: ${(failed.trace ?? '').split('\n')[0]}`;
          await this.kill();
          return null;
        }
        case 'flush': {
          const want = this.probe!.model(after.connectors[0]!.stored, after.db);
          await waitFor(async () => this.probe!.real(await this.o.harness.offsets(worker!.offsetFile)), (got) => got === want, STEP_WAIT_MS, `the offset file to point at ${want}`);
          return null;
        }
        case 'killWorker':
          await this.kill();
          return null;
        case 'dropSlot':
          await this.kill();
          await this.o.admin.query('SELECT pg_drop_replication_slot($1)', [this.o.prefix]);
          return null;
        case 'consumerRead': {
          if (!this.subscribed) await this.o.harness.subscribe(this.group, [`${this.o.prefix}.${this.o.first.kafka.topics[0]!.name}`], { maxPollRecords: 1 });
          this.subscribed = true;
          const got = await this.o.harness.poll(STEP_WAIT_MS, 1);
          const id = got[0]?.headers.id;
          if (id === undefined) return `the real consumer read nothing within ${STEP_WAIT_MS / 1000} s; the model's reads ${step.record}`;
          if (id !== step.record) return `the real consumer read ${id}, the model's ${step.record}`;
          if (step.apply) this.applyRecord(id);
          else {
            await this.o.harness.commit();
            this.fetched = id;
          }
          return null;
        }
        case 'consumerApply':
          if (this.fetched === null) return 'the real consumer has read nothing to apply';
          this.applyRecord(this.fetched);
          this.fetched = null;
          return null;
        case 'consumerCommit':
          if (this.subscribed) await this.o.harness.commit();
          return null;
        case 'consumerCrash':
          if (this.subscribed) await this.o.harness.crashConsumer();
          this.subscribed = false;
          this.fetched = null;
          return null;
      }
    } catch (error) {
      // A wait that ends without the real systems doing what the model's step did.
      return (error as Error).message.split('\n')[0]!;
    }
  }

  /** At the end of the trace: gives a running connector time to send whatever it still would. */
  async settle(): Promise<void> {
    if (this.running) await new Promise((r) => setTimeout(r, 3000));
  }

  /**
   * "Connector says …" from the real worker: its task state and the change its stored offset
   * points at. After a start, a failure, an offset commit, a crash, a slot loss and at the
   * end, the task's liveness and the stored offset must be the model's.
   */
  async says(step: RealStep | null, state: World): Promise<{ text: string; divergence: string | null }> {
    const worker = this.worker;
    const c = state.connectors[0];
    if (worker === null || c === undefined) return { text: '-', divergence: null };
    if (this.running) this.lastTask = (await worker.task()).state;
    const stored = await this.probe!.real(await this.o.harness.offsets(worker.offsetFile));
    const modelStored = this.probe!.model(c.stored, state.db);
    const text = `${this.running ? `task ${this.lastTask}` : this.lastTask === 'FAILED' ? 'task FAILED, worker down' : 'worker down'}, offset file points at ${stored}`;
    const realUp = this.running && this.lastTask === 'RUNNING';
    const modelUp = c.at === 'snapshotting' || c.at === 'streaming';
    if (realUp !== modelUp) return { text, divergence: `Connector: the real task is ${this.running ? this.lastTask : 'down'}, the model's connector is ${c.at}` };
    const compare = step === null || step.commits === true || ['startWorker', 'flush', 'killWorker', 'dropSlot', 'sendFailsTaskFails'].includes(step.kind);
    if (compare && stored !== modelStored) return { text, divergence: `Connector: the real offset file points at ${stored}, the model's stored offset at ${modelStored}` };
    return { text, divergence: null };
  }

  /**
   * "Consumer says …" from the real side: what the application applied (from the records the
   * group consumer delivered) and the offset the group committed on the broker; a divergence
   * when either differs from the model's group.
   */
  async consumerSays(state: World): Promise<RealConsumerSays> {
    const topic = `${this.o.prefix}.${this.o.first.kafka.topics[0]!.name}`;
    const committed = (await this.o.harness.committed(this.group)).find((o) => o.topic === topic && o.partition === 0)?.offset ?? 0;
    const applied = [...this.applied];
    const g = state.groups[0]!;
    const text = `applied [${applied.join(', ')}] committed ${committed}`;
    const differs = JSON.stringify(applied) !== JSON.stringify(g.applied) ? `the real application applied [${applied.join(', ')}], the model's [${g.applied.join(', ')}]` : committed !== g.committed[0] ? `the real group committed offset ${committed}, the model's ${g.committed[0]}` : null;
    return { applied, dedup: [...this.seen].sort(), committed, text, divergence: differs === null ? null : `Consumer: ${differs}` };
  }

  /** Kills the worker and drops this replay's slots and publication. */
  async close(): Promise<void> {
    if (this.subscribed) await this.o.harness.crashConsumer().catch(() => undefined);
    this.subscribed = false;
    await this.kill();
    if (this.worker !== null) {
      await this.o.admin.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1', [this.o.prefix]).catch(() => undefined);
      await this.o.admin.query(`DROP PUBLICATION IF EXISTS ${this.o.prefix}_pub`).catch(() => undefined);
    }
    await this.probe?.close();
  }

  private get group(): string {
    return `${this.o.prefix}_group`;
  }

  /** The application's effect for a delivered event: skipped when it dedups and has seen the id. */
  private applyRecord(id: string): void {
    if (this.o.consumer?.dedup === 'eventId' && this.seen.has(id)) return;
    this.seen.add(id);
    this.applied.push(this.o.appliedAs?.(id) ?? id);
  }

  private async kill(): Promise<void> {
    if (this.running) await this.worker!.kill();
    this.running = false;
  }

  private async publish(before: World, after: World): Promise<string | null> {
    for (const [t, topic] of after.kafka.topics.entries()) {
      for (const [p, records] of topic.partitions.entries()) {
        for (const r of records.slice(before.kafka.topics[t]!.partitions[p]!.length)) {
          const sent = await this.o.harness.produce(`${this.o.prefix}.${topic.name}`, r.key, JSON.stringify(r.value), { id: r.id, [SERVICE_HEADER]: 'service' });
          if (sent.partition !== p) return `the real producer appended ${r.id} to partition ${sent.partition}, the model to ${p}`;
        }
      }
    }
    return null;
  }
}

/**
 * The model's database as the replay enacts it: no slots (Debezium makes its own), and the
 * outbox rows of `ids` (events whose send the trace fails for good) with a payload padded past
 * the producer's `max.request.size`, so that the real send fails as the model's does. Pure.
 */
export function padOversized(db: Database, ids: ReadonlySet<string>): Database {
  const pad = (table: string, pk: string, values: readonly Value[] | null): Value[] | null => {
    if (values === null || table !== 'outbox' || !ids.has(pk)) return values === null ? null : [...values];
    return values.map((v, i) => (i === 4 ? padded(v) : v));
  };
  const padAfter = (table: string, pk: string, after: Record<string, Value> | null) =>
    after === null || table !== 'outbox' || !ids.has(pk) ? after : { ...after, payload: padded(after.payload ?? null) };
  return {
    ...db,
    slots: [],
    tables: db.tables.map((t) => ({ ...t, rows: t.rows.map((r) => pad(t.name, String(r[0]), r)!) })),
    txns: db.txns.map((x) => ({ ...x, writes: x.writes.map((w) => ({ ...w, values: pad(w.table, w.pk, w.values) })) })),
    wal: db.wal.map((x) => ({ ...x, changes: x.changes.map((c) => ({ ...c, after: padAfter(c.table, c.pk, c.after) })) })),
  };
}

function padded(payload: Value): string {
  const text = String(payload);
  try {
    return JSON.stringify({ ...(JSON.parse(text) as object), padding: 'x'.repeat(PADDING_BYTES) });
  } catch {
    return text + ' '.repeat(PADDING_BYTES);
  }
}
