import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from '../internal/freePort.ts';
import { debezium261Classpath, harnessClasspath } from './internal/harnessClasspath.ts';
import { JavaProcess } from './internal/JavaProcess.ts';

/** What a test chooses for one Connect worker and its Debezium connector. */
export interface WorkerOptions {
  /** The broker's `host:port`. */
  bootstrap: string;
  /** The directory of this worker's files: properties, offset file, logs (kept across restarts). */
  dir: string;
  /** `offset.flush.interval.ms`: how often Connect flushes offsets (and Debezium confirms the slot). */
  flushIntervalMs: number;
  /** `string`: keys and values as strings (the outbox router's payload as is); `json`: the raw change event as schemaless JSON. */
  converter: 'string' | 'json';
  /** The connector's own properties (`connector.class`, the database, the slot, transforms…). */
  connector: Record<string, string>;
  /** Extra worker properties (producer overrides, `errors.tolerance`, …). */
  worker?: Record<string, string>;
  /**
   * The Debezium release the worker runs: `3.6.1` (the harness's own classpath, Kafka Connect
   * 4.4.0; the default) or `2.6.1`, the last release before DBZ-7816, on Kafka Connect 3.7.2
   * (`conformance/pipeline/dbz261`).
   */
  debezium?: '3.6.1' | '2.6.1';
}

/** A task's state as the worker's REST API reports it. */
export interface TaskStatus {
  state: string;
  trace?: string;
}

/**
 * A Kafka Connect standalone worker (`ConnectStandalone`) in its own JVM, running one connector,
 * with its offsets in a file: it can be SIGKILLed alone and started again on the same offsets.
 */
export class ConnectWorker {
  private jvm: JavaProcess | undefined;
  private restPort = 0;
  private starts = 0;
  readonly offsetFile: string;

  constructor(private readonly options: WorkerOptions) {
    this.offsetFile = join(options.dir, 'offsets.dat');
  }

  /** The connector's name (from its properties). */
  get name(): string {
    return this.options.connector.name!;
  }

  /** Sets `offset.flush.interval.ms` for the next start (very high: offsets are never flushed while it runs). */
  setFlushInterval(ms: number): void {
    this.options.flushIntervalMs = ms;
  }

  /** Replaces the extra worker properties for the next start (e.g. drops a producer override). */
  setWorkerProperties(worker: Record<string, string> | undefined): void {
    this.options.worker = worker;
  }

  /** Starts the worker JVM and resolves once its REST API answers. */
  async start(): Promise<void> {
    this.restPort = await freePort();
    const o = this.options;
    const converter = o.converter === 'string' ? 'org.apache.kafka.connect.storage.StringConverter' : 'org.apache.kafka.connect.json.JsonConverter';
    const worker = {
      'bootstrap.servers': o.bootstrap,
      'key.converter': converter,
      'value.converter': converter,
      'key.converter.schemas.enable': 'false',
      'value.converter.schemas.enable': 'false',
      'offset.storage.file.filename': this.offsetFile,
      'offset.flush.interval.ms': String(o.flushIntervalMs),
      listeners: `http://127.0.0.1:${this.restPort}`,
      'plugin.discovery': 'only_scan',
      ...o.worker,
    };
    await mkdir(o.dir, { recursive: true });
    const workerFile = join(o.dir, 'worker.properties');
    const connectorFile = join(o.dir, 'connector.properties');
    await writeFile(workerFile, properties(worker));
    await writeFile(connectorFile, properties(o.connector));
    this.starts++;
    this.jvm = new JavaProcess(`connect worker (start ${this.starts})`, 'org.apache.kafka.connect.cli.ConnectStandalone', [workerFile, connectorFile], join(o.dir, `worker-${this.starts}.log`), [
      '-Dorg.slf4j.simpleLogger.defaultLogLevel=info',
      '-Dorg.slf4j.simpleLogger.showDateTime=true',
      '-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients=warn',
      '-Dorg.slf4j.simpleLogger.log.org.apache.kafka.common=warn',
      '-Dorg.slf4j.simpleLogger.log.org.reflections=warn',
      '-Dorg.slf4j.simpleLogger.log.org.eclipse.jetty=warn',
    ], o.debezium === '2.6.1' ? debezium261Classpath() : harnessClasspath());
    const deadline = Date.now() + 180_000;
    for (;;) {
      if (this.jvm.child.exitCode !== null) throw new Error(`the Connect worker exited (${this.jvm.child.exitCode}) at start:\n${this.jvm.tail()}`);
      try {
        const response = await fetch(`http://127.0.0.1:${this.restPort}/connectors/${this.name}/status`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the Connect worker's REST API did not answer within 180 s:\n${this.jvm.tail()}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  /** The Kafka Connect version the running worker reports (`GET /`). */
  async version(): Promise<string> {
    const root = (await (await fetch(`http://127.0.0.1:${this.restPort}/`)).json()) as { version: string };
    return root.version;
  }

  /** The connector plugin's version as the worker loaded it (`GET /connector-plugins`). */
  async pluginVersion(connectorClass: string): Promise<string> {
    const plugins = (await (await fetch(`http://127.0.0.1:${this.restPort}/connector-plugins`)).json()) as { class: string; version: string }[];
    return plugins.find((p) => p.class === connectorClass)?.version ?? 'unknown';
  }

  /** The state of task 0 (`RUNNING`, `FAILED` with its trace, …), or `UNASSIGNED` before it exists. */
  async task(): Promise<TaskStatus> {
    const status = (await (await fetch(`http://127.0.0.1:${this.restPort}/connectors/${this.name}/status`)).json()) as { tasks?: TaskStatus[] };
    return status.tasks?.[0] ?? { state: 'UNASSIGNED' };
  }

  /** Waits until task 0 is in `state` (or fails, if waiting for RUNNING), at most `ms`. */
  async waitForTask(state: string, ms = 120_000): Promise<TaskStatus> {
    const deadline = Date.now() + ms;
    for (;;) {
      const t = await this.task();
      if (t.state === state) return t;
      if (state === 'RUNNING' && t.state === 'FAILED') throw new Error(`the connector task failed:\n${t.trace ?? ''}`);
      if (Date.now() > deadline) throw new Error(`task 0 is ${t.state}, not ${state}, after ${ms} ms:\n${this.tail()}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  /** Resolves with the first log line of this start of the worker that matches `re` (already logged or to come). */
  waitForLog(re: RegExp, ms = 120_000): Promise<string> {
    return this.jvm!.waitForLine(re, ms);
  }

  /** Worker log lines so far (this start) that match `re`. */
  logLines(re: RegExp): string[] {
    return this.jvm?.logLines(re) ?? [];
  }

  /** The last lines of the worker's log. */
  tail(n = 40): string {
    return this.jvm?.tail(n) ?? '';
  }

  /** SIGKILL of the worker JVM: no offset flush, no slot confirmation on the way out. */
  async kill(): Promise<void> {
    await this.jvm?.kill();
  }

  /** A graceful stop (SIGTERM): Connect stops the task and commits its offsets. */
  async stop(): Promise<void> {
    await this.jvm?.stop();
  }
}

function properties(map: Record<string, string>): string {
  return Object.entries(map).map(([k, v]) => `${k}=${v.replace(/\\/g, '\\\\')}`).join('\n') + '\n';
}
