/**
 * Imports the TypeScript module at `url` (resolved by the caller against its own
 * `import.meta.url`): natively where a loader for `.ts` is registered (tsx, vitest), else through
 * tsx's API. The launcher runs the CLI compiled into one JavaScript file, in plain `node`
 * (`bin/cdc-check.js`), which cannot load `.ts`; the modules the CLI loads only on demand, and
 * only if they exist (the real PostgreSQL and pipeline replays of `conformance/`), are not in that
 * file. A module that does not exist fails as a native import does (`ERR_MODULE_NOT_FOUND`).
 */
export async function importTypeScript(url: URL): Promise<Record<string, unknown>> {
  try {
    return (await import(url.href)) as Record<string, unknown>;
  } catch (e) {
    if ((e as { code?: string }).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw e;
    const { tsImport } = await import('tsx/esm/api');
    return (await tsImport(url.href, import.meta.url)) as Record<string, unknown>;
  }
}
