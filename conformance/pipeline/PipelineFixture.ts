import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { startBroker, type Broker } from './Broker.ts';
import { ConnectWorker, type WorkerOptions } from './ConnectWorker.ts';
import { HarnessClient } from './HarnessClient.ts';

/** The outbox table's columns: the Outbox Event Router's default field names. */
export const OUTBOX_DDL = 'CREATE TABLE outbox (id text PRIMARY KEY, aggregatetype text NOT NULL, aggregateid text NOT NULL, type text, payload text)';

/** What a pipeline test file works with. */
export interface Pipeline {
  /** A `postgres://` URL of the server. */
  connectionString: string;
  /** The broker's `host:port`. */
  bootstrap: string;
  harness: HarnessClient;
  /** This file's temp dir (worker files and logs). */
  dir: string;
  /** A new session on the server (closed after the file). */
  session(): Promise<pg.Client>;
  /**
   * A Debezium PostgreSQL connector on `schema.table` (slot, publication and topic prefix named
   * `name`) in a Connect worker of its own; not started. `connector` overrides connector
   * properties, `worker` worker properties.
   */
  worker(name: string, schema: string, options?: Partial<Pick<WorkerOptions, 'flushIntervalMs' | 'converter' | 'worker' | 'debezium'>> & { connector?: Record<string, string>; table?: string }): ConnectWorker;
  /**
   * SIGKILLs the broker, runs `whileDown`, and starts it again on the same log dir and ports. Only for a file that
   * asked for a broker of its own (`usePipeline({ ownBroker: true })`): the suite's broker is
   * shared by every file.
   */
  restartBroker(whileDown?: () => Promise<void>): Promise<void>;
}

/** How a test file's pipeline is set up. */
export interface PipelineOptions {
  /** A KRaft broker of the file's own (started before, stopped after the file), so it can be restarted. */
  ownBroker?: boolean;
}

/**
 * Gives a test file the suite's PostgreSQL and broker (or, with `ownBroker`, a broker of its
 * own), a harness JVM and a temp dir, and stops every worker, session, the harness and an own
 * broker after the file.
 */
export function usePipeline(options: PipelineOptions = {}): () => Pipeline {
  let pipeline: Pipeline | undefined;
  let broker: Broker | undefined;
  const workers: ConnectWorker[] = [];
  const sessions: pg.Client[] = [];
  beforeAll(async () => {
    const { connectionString } = inject('pipelinePostgres');
    if (options.ownBroker) broker = await startBroker();
    const bootstrap = broker?.bootstrap ?? inject('pipelineBootstrap');
    const dir = await mkdtemp(join(tmpdir(), 'cdc-check-pipeline-'));
    const harness = await HarnessClient.start(bootstrap, dir);
    const url = new URL(connectionString);
    pipeline = {
      connectionString,
      bootstrap,
      harness,
      dir,
      async session() {
        const client = new pg.Client({ connectionString });
        await client.connect();
        sessions.push(client);
        return client;
      },
      worker(name, schema, options = {}) {
        const worker = new ConnectWorker({
          bootstrap,
          dir: join(dir, name),
          flushIntervalMs: options.flushIntervalMs ?? 1000,
          converter: options.converter ?? 'string',
          worker: options.worker,
          debezium: options.debezium,
          connector: {
            name,
            'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
            'tasks.max': '1',
            'plugin.name': 'pgoutput',
            'database.hostname': url.hostname,
            'database.port': url.port,
            'database.user': decodeURIComponent(url.username),
            'database.password': decodeURIComponent(url.password),
            'database.dbname': url.pathname.slice(1),
            'topic.prefix': name,
            'slot.name': name,
            'publication.name': `${name}_pub`,
            'publication.autocreate.mode': 'filtered',
            'table.include.list': `${schema}.${options.table ?? 'outbox'}`,
            'snapshot.mode': 'initial',
            'poll.interval.ms': '100',
            'status.update.interval.ms': '1000',
            ...options.connector,
          },
        });
        workers.push(worker);
        return worker;
      },
      async restartBroker(whileDown) {
        if (broker === undefined) throw new Error('restartBroker(): this file uses the suite\'s shared broker; ask for usePipeline({ ownBroker: true })');
        await broker.restart(whileDown);
      },
    };
  });
  afterAll(async () => {
    for (const w of workers) await w.kill().catch(() => undefined);
    for (const s of sessions) await s.end().catch(() => undefined);
    await pipeline?.harness.stop();
    await broker?.stop();
    if (pipeline && !process.env.CDC_CHECK_KEEP_PIPELINE_LOGS) await rm(pipeline.dir, { recursive: true, force: true });
  });
  return () => {
    if (pipeline === undefined) throw new Error('usePipeline(): the pipeline exists only inside tests and later hooks');
    return pipeline;
  };
}

/** Polls `read` until `done` holds of its answer, at most `ms`; returns the last answer. */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`waited ${ms} ms for ${what}; last: ${JSON.stringify(value).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** The replication slot `name` as the server reports it, or null when there is none. */
export async function slotState(session: pg.Client, name: string): Promise<{ active: boolean; confirmedFlushLsn: string | null } | null> {
  const rows = await session.query<{ active: boolean; confirmed_flush_lsn: string | null }>('SELECT active, confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = $1', [name]);
  const row = rows.rows[0];
  return row === undefined ? null : { active: row.active, confirmedFlushLsn: row.confirmed_flush_lsn };
}
