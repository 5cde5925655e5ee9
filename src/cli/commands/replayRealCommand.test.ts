import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scenarios } from '../../../models/scenarios.ts';
import type { CliIo } from '../CliIo.ts';
import { runCli } from '../runCli.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const T1 = join(ROOT, 'reports/dual-write/no-lost-events.json');

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t), color: false, progress: false };
  return { code: await runCli(argv, { scenarios }, io), out, err };
}

/**
 * `cdc-check replay --real`, where it cannot run: these need no Java (the re-enactments
 * themselves run in `npm run test:pipeline`, conformance/pipeline/replayReal.test.ts).
 */
describe('cdc-check replay --real: what it refuses before any real system starts', () => {
  it('a bare replay string: exit 2, one line and a hint (it needs the trace file)', async () => {
    const r = await cli(['replay', '--real', 'cdc1:dual-write@6:0:0.0.0:8c834d52', '--scenario', 'dual-write']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^cdc-check: --real re-enacts a trace file, not a bare replay string\nhint: .*check <id> --report DIR/);
    expect(r.out).toBe('');
  });

  it('--real with --postgres: exit 2, they do not go together', async () => {
    const r = await cli(['replay', '--real', '--postgres', T1]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^cdc-check: --real and --postgres do not go together\n/);
  });

  it('a trace the model no longer reproduces is answered as plain replay answers it, before any real system', async () => {
    const r = await cli(['replay', '--real', join(ROOT, 'package.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is not a cdc-check trace/);
    expect(r.out).toBe('');
  });

  it('without Java on PATH: after the model\'s replay, the one line npm run test:pipeline prints, exit 2', () => {
    // A PATH holding node alone (java and mvn usually share node's directory, /usr/bin).
    const bin = mkdtempSync(join(tmpdir(), 'cdc-check-nojava-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/cdc-check.js'), 'replay', '--real', T1], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PATH: bin, NO_COLOR: '1' }, timeout: 120_000 });
    rmSync(bin, { recursive: true, force: true });
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/^model: reproduced: 3 steps; /);
    expect(r.stderr.trim().split('\n')).toEqual(['test:pipeline: Java is missing (no `java` on PATH); install a JDK 17 or newer, e.g. `apt-get install openjdk-17-jdk-headless`']);
  });
});
