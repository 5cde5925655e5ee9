import { createServer, type Server } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './internal/freePort.ts';
import { ServerStartError } from './ServerStartError.ts';
import { startPostgres } from './startPostgres.ts';

describe('startPostgres', () => {
  it('starts a real server with logical decoding on, and stop() takes it away', async () => {
    const server = await startPostgres();
    const client = new pg.Client({ connectionString: server.connectionString });
    await client.connect();
    try {
      expect((await client.query('SHOW wal_level')).rows[0].wal_level).toBe('logical');
      expect(server.version).toMatch(/^\d+(\.\d+)?/);
    } finally {
      await client.end();
      await server.stop();
    }
    if (server.origin === 'embedded') {
      const after = new pg.Client({ connectionString: server.connectionString });
      await expect(after.connect()).rejects.toThrow();
    }
  });

  describe('when it cannot start', () => {
    let squatter: Server;
    let port: number;
    beforeAll(async () => {
      port = await freePort();
      squatter = createServer();
      await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise<void>((resolve) => squatter.close(() => resolve())));

    it('says in one line that the port is taken and how to fix it', async () => {
      const error = await startPostgres({ databaseUrl: '', port }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ServerStartError);
      const message = (error as Error).message;
      expect(message).toContain(`port ${port} is already taken`);
      expect(message).toContain('DATABASE_URL');
      expect(message).not.toContain('\n');
    });

    it('says so in one line when DATABASE_URL points at nothing', async () => {
      const nobody = await freePort();
      const error = await startPostgres({ databaseUrl: `postgres://u:secret@127.0.0.1:${nobody}/db` }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ServerStartError);
      expect((error as Error).message).toMatch(/^cannot connect to DATABASE_URL \(postgres:\/\/u:\*\*\*@/);
      expect((error as Error).message).not.toContain('secret');
    });
  });
});
