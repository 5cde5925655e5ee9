import pg from 'pg';
import type { DecodingLine } from '../parseTestDecoding.ts';

/** An LSN as PostgreSQL prints it (`0/1A2B3C8`), from its numeric value. Pure. */
export function lsnText(value: bigint): string {
  return `${(value >> 32n).toString(16).toUpperCase()}/${(value & 0xffffffffn).toString(16).toUpperCase()}`;
}

/** `START_REPLICATION` as a query: its CopyData messages go to `onData` instead of being dropped. */
class StartReplication extends pg.Query {
  constructor(
    text: string,
    private readonly onData: (chunk: Buffer) => void,
  ) {
    super(text);
  }
  /** Called by the client for every CopyData message (the base class drops them). */
  handleCopyData(msg: { chunk: Buffer }): void {
    this.onData(msg.chunk);
  }
}

/**
 * A logical replication stream over the replication protocol, as Debezium reads one (its
 * `PostgresReplicationConnection` asks `START_REPLICATION SLOT … LOGICAL <lsn>` with the stored
 * offset's LSN, and confirms with standby status updates): the server decides where the stream
 * really starts, so this is how a restart is checked, not `pg_logical_slot_get_changes`.
 */
export class ReplicationStream {
  private readonly lines: DecodingLine[] = [];
  private failure: Error | undefined;

  private constructor(private readonly client: pg.Client) {}

  /** Connects and starts streaming slot `slot` (a `test_decoding` slot) from `from`. */
  static async start(connectionString: string, slot: string, from: string): Promise<ReplicationStream> {
    const client = new pg.Client({ connectionString, replication: 'database' } as pg.ClientConfig);
    await client.connect();
    const stream = new ReplicationStream(client);
    client.on('error', (e) => (stream.failure = e));
    const query = new StartReplication(`START_REPLICATION SLOT ${slot} LOGICAL ${from} ("include-xids" '1')`, (chunk) => stream.receive(chunk));
    query.on('error', (e: Error) => (stream.failure ??= e));
    client.query(query);
    return stream;
  }

  /** Waits until `done(lines)` holds of the lines received so far, or throws after `timeoutMs`. */
  async until(done: (lines: readonly DecodingLine[]) => boolean, timeoutMs = 10_000): Promise<DecodingLine[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.failure) throw this.failure;
      if (done(this.lines)) return [...this.lines];
      if (Date.now() > deadline) throw new Error(`replication stream: timed out after ${timeoutMs} ms with ${this.lines.length} lines: ${this.lines.map((l) => `${l.lsn} ${l.data}`).join('; ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Sends a standby status update that reports `lsn` as written and flushed: Debezium's confirmation. */
  confirm(lsn: bigint): void {
    const message = Buffer.alloc(34);
    message.write('r', 0);
    message.writeBigUInt64BE(lsn, 1);
    message.writeBigUInt64BE(lsn, 9);
    message.writeBigUInt64BE(lsn, 17);
    message.writeBigUInt64BE(0n, 25);
    message.writeUInt8(1, 33);
    (this.client as unknown as { connection: { sendCopyFromChunk(b: Buffer): void } }).connection.sendCopyFromChunk(message);
  }

  /** Drops the connection (the protocol has no cheap way out of COPY BOTH). */
  async close(): Promise<void> {
    const connection = (this.client as unknown as { connection: { stream: { destroy(): void } } }).connection;
    connection.stream.destroy();
    await this.client.end().catch(() => undefined);
  }

  /** XLogData ('w'): the start LSN of the message, then the plugin's text; keepalives are ignored. */
  private receive(chunk: Buffer): void {
    if (chunk[0] !== 0x77) return;
    this.lines.push({ lsn: lsnText(chunk.readBigUInt64BE(1)), data: chunk.subarray(25).toString('utf8') });
  }
}
