import { InvalidOptionError } from './CheckerError.ts';
import type { Model } from './Model.ts';

/**
 * Where a worker thread finds the model to check: a worker cannot receive functions, so each
 * one imports `module` (a `file:` URL; TypeScript is compiled on the way, as under tsx) and takes
 * its export `export`. A function export is called with `args` (JSON values) and must return the
 * model (or a promise of it); any other export is the model itself. The model it builds must be the one passed to
 * `check` (same name, version and initial states): the search checks that.
 */
export interface ModelSource {
  module: string;
  export: string;
  args?: readonly unknown[];
}

/** A `ModelSource` for `exportName` of the module at `moduleUrl`, called with `args`. */
export function modelSource(moduleUrl: string | URL, exportName: string, ...args: unknown[]): ModelSource {
  return { module: String(moduleUrl), export: exportName, args };
}

/** Throws `InvalidOptionError` unless `source` is a well-formed `ModelSource`. */
export function validateModelSource(source: unknown): ModelSource {
  const hint = 'Pass e.g. { source: modelSource(import.meta.url, "myModel", 3) }: the module\'s file: URL, the export that builds the model, and its JSON arguments.';
  if (source === null || typeof source !== 'object') throw new InvalidOptionError(`option source must be an object { module, export, args }, got ${String(source)}`, hint);
  const { module, export: name, args } = source as Record<string, unknown>;
  if (typeof module !== 'string' || !module.startsWith('file:')) throw new InvalidOptionError(`option source.module must be a file: URL, got ${JSON.stringify(module)}`, hint);
  if (typeof name !== 'string' || name === '') throw new InvalidOptionError(`option source.export must be the name of an export, got ${JSON.stringify(name)}`, hint);
  if (args !== undefined && !Array.isArray(args)) throw new InvalidOptionError('option source.args must be an array of JSON values', hint);
  try {
    JSON.stringify(args ?? []);
  } catch {
    throw new InvalidOptionError('option source.args must be JSON values', hint);
  }
  return { module, export: name, args: (args ?? []) as unknown[] };
}

/**
 * Imports the source's module (or takes `loaded`, that module compiled with the worker's code:
 * `compileWorker`) and builds its model (in a worker). Throws a plain `Error` saying what is wrong.
 */
export async function loadModelSource(source: ModelSource, loaded?: Record<string, unknown>): Promise<Model<unknown, unknown>> {
  const mod = loaded ?? ((await import(source.module)) as Record<string, unknown>);
  const exported = mod[source.export];
  if (exported === undefined) throw new Error(`${source.module} has no export ${JSON.stringify(source.export)}`);
  const model: unknown = typeof exported === 'function' ? await (exported as (...a: unknown[]) => unknown)(...(source.args ?? [])) : exported;
  if (model === null || typeof model !== 'object' || typeof (model as Model<unknown, unknown>).next !== 'function') {
    throw new Error(`export ${JSON.stringify(source.export)} of ${source.module} did not give a model`);
  }
  return model as Model<unknown, unknown>;
}
