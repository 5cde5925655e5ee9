import { connectorDef, connectorFaults } from '../../models/pipeline/connectorDef.ts';
import { defaultConnector, type ConnectorConfig } from '../../models/pipeline/ConnectorConfig.ts';
import { initialConnector, type ConnectorState, type Offset } from '../../models/pipeline/ConnectorState.ts';
import type { ActorDef } from '../../models/world/ActorDef.ts';
import { slotOf, type Database, type Slot } from '../../models/world/database.ts';
import { allRecords, createKafka, type KafkaRecord } from '../../models/world/kafka.ts';
import type { World } from '../../models/world/World.ts';

/** What the model's connector did in one run: whether it snapshotted, and the records it sent, in order. */
export interface ModelRun {
  snapshot: boolean;
  records: KafkaRecord[];
  /** The task failed at its start (since 3.2.0, DBZ-9118: the stored offsets' slot is gone), sending nothing. */
  failed?: boolean;
}

/**
 * The model's Debezium connector (`models/pipeline/connectorDef.ts`) stepped by hand, without
 * faults, over a database the test keeps in step with the real one (`TwinDatabase`): its own
 * guards (`enabled`) decide between snapshot and streaming, and its own effects read rows,
 * stream changes (`nextStreamedChange`), send, flush offsets (confirming the slot), crash and
 * lose the slot. The connector's slot lives here and is laid over the twin's database on each
 * call, so the twin's own slot-free database stays the test's.
 */
export class ModelConnector {
  private readonly def: ActorDef;
  private readonly config: ConnectorConfig;
  private state: ConnectorState = initialConnector();
  private slots: Slot[] = [];
  private kafkaRecords = 0;
  private world: World | undefined;

  /** `topics`: the model broker's topics (default: the table topic, or `prefix + 'Account'` with the router). */
  constructor(config: Partial<ConnectorConfig> & { slotName: string }, private readonly topics?: readonly string[]) {
    this.config = { ...defaultConnector, route: 'table', topicPrefix: config.slotName, tables: ['outbox'], ...config };
    this.def = connectorDef(this.config);
  }

  /** The offsets the model's connector has flushed (its Kafka Connect offset store). */
  get stored(): Offset | null {
    return this.state.stored;
  }

  /** The model's slot: its consistent point and confirmed LSN, or null. */
  slot(db: Database): Slot | null {
    return slotOf(this.over(db), this.config.slotName);
  }

  private over(db: Database): Database {
    return { ...db, slots: this.slots };
  }

  private step(db: Database, effect: string, arg = 0): void {
    const w = this.world ?? this.fresh(db);
    this.world = w;
    const base: World = { ...w, connectors: [{ ...w.connectors[0]! }] };
    w.connectors = [{ ...w.connectors[0]! }];
    this.def.effects[effect]!(w, 0, arg, base);
    this.slots = w.db.slots;
    this.state = w.connectors[0]!;
  }

  private fresh(db: Database): World {
    this.kafkaRecords = 0;
    const topics = this.topics ?? [this.config.route === 'outbox' ? `${this.config.topicPrefix}Account` : `${this.config.topicPrefix}.public.outbox`];
    return {
      db: this.over(db),
      kafka: createKafka(topics, 1),
      services: [],
      connectors: [this.state],
      relays: [],
      consumers: [],
      groups: [],
      // Every fault the connector declares, with room to spare: the test, not the budget, decides.
      budget: Object.fromEntries(Object.keys(connectorFaults).map((fault) => [fault, 1_000])),
      ghost: { committed: [], stream: { snapshot: null, streamed: [] } },
    };
  }

  private enabled(event: string): boolean {
    return this.def.enabled(this.world!, 0, event).length > 0;
  }

  /** Sends everything the connector produced (one request in flight: appended and acknowledged). */
  private sendAll(db: Database): void {
    while (this.world!.connectors[0]!.buffer.length > 0) this.step(db, 'send');
  }

  /**
   * A start of the connector task on `db` as it is now, run until it has nothing more to read:
   * a snapshot when the model's guard asks for one (then streaming from its start), else
   * streaming from the stored position. Returns what it sent.
   */
  start(db: Database): ModelRun {
    this.world = this.fresh(db);
    const before = 0;
    if (this.enabled('SLOT_CHECK_FAILED')) return { snapshot: false, records: [], failed: true };
    const snapshot = this.enabled('SNAPSHOT');
    if (snapshot) {
      this.step(db, 'beginSnapshot');
      // Rows in the order the model's first choice gives (its heap order is the search's choice;
      // the first enabled row is the next in key order).
      while (this.enabled('READ_ROW')) {
        this.step(db, 'readRow', this.def.enabled(this.world!, 0, 'READ_ROW')[0]!);
        this.sendAll(db);
      }
      this.step(db, 'completeSnapshot');
    } else if (this.enabled('STREAM')) this.step(db, 'beginStream');
    else throw new Error('the model connector can neither snapshot nor stream');
    this.catchUp(db);
    return { snapshot, records: this.sent().slice(before) };
  }

  /**
   * A start of the task that goes no further than the beginning of its snapshot, when its guard
   * asks for one: the slot is created and nothing is read or sent (a snapshot held before its
   * first record). Returns whether a snapshot began; a `crash` after it leaves only the stored
   * offsets, as a SIGKILL there does.
   */
  beginSnapshot(db: Database): boolean {
    this.world = this.fresh(db);
    if (!this.enabled('SNAPSHOT')) return false;
    this.step(db, 'beginSnapshot');
    return true;
  }

  /** Streams whatever committed since (`db` grown by the test), sending each record. */
  catchUp(db: Database): KafkaRecord[] {
    const w = this.world!;
    w.db = { ...db, slots: w.db.slots };
    const before = this.kafkaRecords;
    while (this.enabled('STREAM_CHANGE')) {
      this.step(db, 'streamChange');
      this.sendAll(db);
    }
    return this.sent().slice(before);
  }

  /**
   * Streams whatever committed since (`db` grown by the test) and sends nothing: the records wait
   * in the producer, not acknowledged (a send held back from the broker). A record a transform
   * drops is reported back at once all the same (before DBZ-7816, into `lastOffsets`).
   */
  readUnsent(db: Database): void {
    const w = this.world!;
    w.db = { ...db, slots: w.db.slots };
    while (this.enabled('STREAM_CHANGE')) this.step(db, 'streamChange');
  }

  /** The event ids produced and not yet sent, in order. */
  get unsent(): string[] {
    return this.world?.connectors[0]!.buffer.map((p) => p.record.id) ?? [];
  }

  /** Kafka Connect's offset flush: the last acknowledged offset is stored and confirmed to the slot. */
  flush(): void {
    if (this.enabled('FLUSH')) this.step(this.world!.db, 'flush');
  }

  /** A crash of the task: only the flushed offsets survive. */
  crash(): void {
    this.step(this.world!.db, 'crash');
  }

  /** The slot is dropped (and the task restarts). */
  loseSlot(): void {
    this.step(this.world!.db, 'loseSlot');
  }

  /** Keeps the connector's state for the next `start` (a graceful stop after a flush). */
  stop(): void {
    this.flush();
    this.crash();
  }

  private sent(): KafkaRecord[] {
    const all = allRecords(this.world!.kafka);
    this.kafkaRecords = all.length;
    return all;
  }
}
