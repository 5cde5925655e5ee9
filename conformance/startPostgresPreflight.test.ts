import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ServerStartError } from './ServerStartError.ts';
import { closedToOthers, startPostgres } from './startPostgres.ts';

/**
 * Issue 14: a clone (or temp dir) that the `postgres` user cannot enter made every conformance
 * test wait 120 s. `startPostgres` now says so within seconds, naming the directory.
 */
const base = mkdtempSync(join(tmpdir(), 'cdc-preflight-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('closedToOthers', () => {
  it('names the first directory on the way that others cannot enter, and nothing once it opens', () => {
    const closed = join(base, 'closed');
    mkdirSync(join(closed, 'inner'), { recursive: true });
    chmodSync(base, 0o755);
    chmodSync(closed, 0o700);
    expect(closedToOthers(join(closed, 'inner', 'file'))).toBe(closed);
    chmodSync(closed, 0o755);
    expect(closedToOthers(join(closed, 'inner'))).toBeUndefined();
  });
});

describe.runIf(userInfo().uid === 0)('startPostgres as root, with a temp dir the postgres user cannot enter', () => {
  it('fails within seconds with a line naming the directory', async () => {
    const closed = join(base, 'private');
    chmodSync(base, 0o755);
    mkdirSync(closed, { mode: 0o700 });
    chmodSync(closed, 0o700);
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = closed;
    const started = Date.now();
    try {
      const failure = await startPostgres({ databaseUrl: '' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(failure).toBeInstanceOf(ServerStartError);
      expect((failure as Error).message).toMatch(new RegExp(`^the postgres user cannot enter ${closed} \\(mode 700\\).*clone into a directory others can enter`));
      expect((failure as Error).message).not.toContain('\n');
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });
});

describe('startPostgres, a server that is not ready in time', () => {
  it('fails at its bound with one line that says what it was waiting for, instead of hanging', async () => {
    // 300 ms is far too short for initdb to write a cluster: the wait runs out, as it would for a
    // server that never becomes ready, and the answer is one line.
    const failure = await startPostgres({ databaseUrl: '', startTimeoutMs: 300 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(ServerStartError);
    expect((failure as Error).message).toMatch(/timed out after 300 ms/);
    expect((failure as Error).message).not.toContain('\n');
  });
});
