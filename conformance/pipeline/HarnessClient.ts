import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { JavaProcess } from './internal/JavaProcess.ts';

/** A record as the harness's consumer read it from the broker. */
export interface RealRecord {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  value: string | null;
  headers: Record<string, string | null>;
}

/** A source offset in the Connect worker's offset file: partition key and offset, as JSON. */
export interface StoredOffset {
  key: unknown;
  value: Record<string, unknown> | null;
}

/**
 * Node's handle on the JVM harness (`cdccheck.pipeline.Harness`): a reader of what Kafka holds,
 * a group consumer with manual commits, and a reader of the worker's offset file, driven by
 * JSON lines over stdin/stdout.
 */
export class HarnessClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  private readonly ready: Promise<void>;

  private constructor(private readonly jvm: JavaProcess) {
    let markReady!: () => void;
    this.ready = new Promise((r) => (markReady = r));
    createInterface({ input: jvm.child.stdout! }).on('line', (line) => {
      const answer = JSON.parse(line) as Record<string, unknown>;
      if (answer.ready === true) return markReady();
      const waiter = this.pending.get(answer.id as number);
      if (waiter === undefined) return;
      this.pending.delete(answer.id as number);
      if (answer.ok === true) waiter.resolve(answer);
      else waiter.reject(new Error(`harness: ${String(answer.error)}`));
    });
    void jvm.exited.then((how) => {
      for (const w of this.pending.values()) w.reject(new Error(`the harness JVM ended (${how}):\n${jvm.tail()}`));
    });
  }

  /** Starts the harness JVM against the broker at `bootstrap`, logging into `dir`. */
  static async start(bootstrap: string, dir: string): Promise<HarnessClient> {
    const client = new HarnessClient(new JavaProcess('harness', 'cdccheck.pipeline.Harness', [bootstrap], join(dir, 'harness.log'), ['-Dorg.slf4j.simpleLogger.defaultLogLevel=warn']));
    await client.ready;
    return client;
  }

  private send(cmd: string, args: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.jvm.child.stdin!.write(JSON.stringify({ id, cmd, ...args }) + '\n');
    });
  }

  /** Every record of the topics whose names start with `prefix`, from the beginning (no group). */
  async dump(prefix: string): Promise<RealRecord[]> {
    return (await this.send('dump', { prefix })).records as RealRecord[];
  }

  /** Creates a topic with the given topic configs and `partitions` partitions (one by default). */
  async createTopic(name: string, config: Record<string, string> = {}, partitions = 1): Promise<void> {
    await this.send('createTopic', { name, config, partitions });
  }

  /**
   * Sends one record with the harness's own producer (`acks=all`) and waits for its
   * acknowledgement, as a service publishing straight to Kafka does; the key picks the
   * partition with Kafka's default partitioner. Resolves with where it was appended.
   */
  async produce(topic: string, key: string | null, value: string | null, headers: Record<string, string> = {}): Promise<{ partition: number; offset: number }> {
    const answer = await this.send('produce', { topic, key, value, headers });
    return { partition: answer.partition as number, offset: answer.offset as number };
  }

  /**
   * A fresh group consumer on `topics`, auto commit off, from the earliest offset (or the group's
   * committed one). `maxPollRecords`: `max.poll.records` (1: a commit covers exactly the record
   * just polled).
   */
  async subscribe(group: string, topics: readonly string[], options: { maxPollRecords?: number } = {}): Promise<void> {
    await this.send('subscribe', { group, topics, ...options });
  }

  /** Polls until `min` records arrived or `ms` passed. */
  async poll(ms: number, min: number): Promise<RealRecord[]> {
    return (await this.send('poll', { ms, min })).records as RealRecord[];
  }

  /** Commits the consumer's positions (`commitSync`). */
  async commit(): Promise<void> {
    await this.send('commit');
  }

  /** Closes the consumer without committing: a consumer crash. */
  async crashConsumer(): Promise<void> {
    await this.send('crashConsumer');
  }

  /** The offsets consumer group `group` has committed, per topic partition (none before its first commit). */
  async committed(group: string): Promise<{ topic: string; partition: number; offset: number }[]> {
    return (await this.send('committed', { group })).offsets as { topic: string; partition: number; offset: number }[];
  }

  /** The source offsets stored in a standalone worker's offset file. */
  async offsets(file: string): Promise<StoredOffset[]> {
    return (await this.send('offsets', { file })).offsets as StoredOffset[];
  }

  /** Ends the harness JVM. */
  async stop(): Promise<void> {
    this.jvm.child.stdin!.end();
    await Promise.race([this.jvm.exited, new Promise((r) => setTimeout(r, 5000))]);
    await this.jvm.kill();
  }
}
