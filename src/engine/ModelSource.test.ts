import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from './CheckerError.ts';
import { loadModelSource, modelSource, validateModelSource } from './ModelSource.ts';

/**
 * A `ModelSource` tells a worker thread where to import the model from: it is checked in the
 * main thread (a clear `InvalidOptionError` before any worker starts) and loaded in each worker
 * (a plain `Error` saying what is wrong, which the worker sends back).
 */
const fixture = new URL('./fixtures/modelSources.ts', import.meta.url).href;
const hint = /Pass e\.g\. \{ source: modelSource\(import\.meta\.url, "myModel", 3\) \}/;

describe('modelSource', () => {
  it('names the module as a string URL, the export, and the arguments in order', () => {
    expect(modelSource(new URL('file:///m.ts'), 'build', 3, 'x')).toEqual({ module: 'file:///m.ts', export: 'build', args: [3, 'x'] });
    expect(modelSource('file:///m.ts', 'model')).toEqual({ module: 'file:///m.ts', export: 'model', args: [] });
  });
});

describe('validateModelSource', () => {
  const invalid = (source: unknown) => {
    try {
      validateModelSource(source);
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidOptionError);
      expect((e as InvalidOptionError).hint).toMatch(hint);
      return (e as Error).message;
    }
    throw new Error('accepted');
  };
  it('refuses anything but an object, saying what it got', () => {
    expect(invalid(null)).toBe('option source must be an object { module, export, args }, got null');
    expect(invalid('file:///m.ts')).toBe('option source must be an object { module, export, args }, got file:///m.ts');
  });
  it('refuses a module that is not a file: URL', () => {
    expect(invalid({ module: '/abs/m.ts', export: 'm' })).toBe('option source.module must be a file: URL, got "/abs/m.ts"');
    expect(invalid({ module: 7, export: 'm' })).toBe('option source.module must be a file: URL, got 7');
  });
  it('refuses an export that is not a name', () => {
    expect(invalid({ module: 'file:///m.ts', export: '' })).toBe('option source.export must be the name of an export, got ""');
    expect(invalid({ module: 'file:///m.ts' })).toBe('option source.export must be the name of an export, got undefined');
  });
  it('refuses arguments that are not an array of JSON values', () => {
    expect(invalid({ module: 'file:///m.ts', export: 'm', args: 3 })).toBe('option source.args must be an array of JSON values');
    expect(invalid({ module: 'file:///m.ts', export: 'm', args: [10n] })).toBe('option source.args must be JSON values');
  });
  it('gives back a well-formed source with its arguments, none as []', () => {
    expect(validateModelSource({ module: 'file:///m.ts', export: 'm', args: [1, 'a'] })).toEqual({ module: 'file:///m.ts', export: 'm', args: [1, 'a'] });
    expect(validateModelSource({ module: 'file:///m.ts', export: 'm' })).toEqual({ module: 'file:///m.ts', export: 'm', args: [] });
  });
});

describe('loadModelSource', () => {
  it('takes an exported model as it is', async () => {
    const model = await loadModelSource(modelSource(fixture, 'counterModel'));
    expect(model.properties.map((p) => p.name)).toContain('reaches 4');
  });
  it('calls an exported builder with the arguments, and waits for the model it promises', async () => {
    const model = await loadModelSource(modelSource(fixture, 'asyncCounter', 7));
    expect(model.properties.map((p) => p.name)).toContain('reaches 8');
  });
  it('calls a builder with no arguments when the source lists none', async () => {
    expect((await loadModelSource({ module: fixture, export: 'countsArguments' })).name).toBe('called-with-0');
    expect((await loadModelSource(modelSource(fixture, 'countsArguments', 1, 2))).name).toBe('called-with-2');
  });
  it('says which export is missing', async () => {
    await expect(loadModelSource(modelSource(fixture, 'nothing'))).rejects.toThrow(`${fixture} has no export "nothing"`);
  });
  it('says when an export is not a model: a number, a builder returning null, an object without next', async () => {
    for (const name of ['notAModel', 'buildsNull', 'noNext']) {
      await expect(loadModelSource(modelSource(fixture, name))).rejects.toThrow(`export "${name}" of ${fixture} did not give a model`);
    }
  });
});
