import { describe, expect, it } from 'vitest';
import { CheckerError, InvalidOptionError, ModelError, NondeterminismError, ReplayError } from '../CheckerError.ts';
import type { TraceStep } from '../CheckResult.ts';
import { receivedError, sendableError } from './workerErrors.ts';

/**
 * An error thrown in a worker thread crosses a `MessagePort` as plain data and is raised again in
 * the main thread: the caller of a parallel search must see the same class, code, message, hint,
 * trace and cause as with one thread.
 */
const trace: TraceStep<unknown, unknown>[] = [{ action: null, state: { n: 0 } }, { action: 'inc', state: { n: 1 } }];
/** Sends `error` through a real `MessagePort`'s cloning (as the worker does) and raises it again. */
const roundTrip = (error: unknown) => receivedError(structuredClone(sendableError(error)));

describe('sendableError', () => {
  it('says what a thrown non-Error is, as text', () => {
    expect(sendableError('boom')).toEqual({ name: 'Error', message: 'boom' });
    expect(sendableError(42)).toEqual({ name: 'Error', message: '42' });
  });
  it('keeps a plain error\'s name, message and stack, and adds no code', () => {
    const e = new RangeError('too far');
    expect(sendableError(e)).toEqual({ name: 'RangeError', message: 'too far', stack: e.stack });
    expect('code' in sendableError(e)).toBe(false);
    expect('hint' in sendableError(e)).toBe(false);
  });
  it('keeps no stack the error does not have', () => {
    const e = new Error('no stack');
    delete e.stack;
    expect('stack' in sendableError(e)).toBe(false);
  });
  it('keeps a checker error\'s code and hint', () => {
    const sent = sendableError(new InvalidOptionError('bad seed', 'pass a number'));
    expect(sent).toMatchObject({ name: 'InvalidOptionError', message: 'bad seed', code: 'invalid-option', hint: 'pass a number' });
  });
  it('keeps a model error\'s trace, and its cause as "Name: message" or as text', () => {
    const sent = sendableError(new ModelError('model-threw', 'next threw', 'fix next', trace, new TypeError('x is undefined')));
    expect(sent.trace).toEqual(trace);
    expect(sent.trace).not.toBe(trace);
    expect(sent.cause).toBe('TypeError: x is undefined');
    expect(sendableError(new ModelError('model-threw', 'm', 'h', trace, 'a string')).cause).toBe('a string');
    expect('cause' in sendableError(new ModelError('model-threw', 'm', 'h', trace))).toBe(false);
  });
  it('drops a trace that cannot be cloned (a state holding a function) instead of failing to send', () => {
    const sent = sendableError(new ModelError('model-threw', 'm', 'h', [{ action: null, state: { f: () => 1 } }]));
    expect(sent.trace).toEqual([]);
    expect(() => structuredClone(sent)).not.toThrow();
  });
  it('sends no trace for a checker error that is not a model error', () => {
    expect('trace' in sendableError(new ReplayError('wrong model', 'use the right one'))).toBe(false);
  });
});

describe('receivedError', () => {
  it('raises a ModelError again with its code, message, hint, trace and cause', () => {
    const e = roundTrip(new ModelError('model-threw', 'next threw', 'fix next', trace, new TypeError('x')));
    expect(e).toBeInstanceOf(ModelError);
    expect(e).not.toBeInstanceOf(NondeterminismError);
    expect(e).toMatchObject({ name: 'ModelError', code: 'model-threw', message: 'next threw', hint: 'fix next', trace, cause: 'TypeError: x' });
  });
  it('raises a NondeterminismError as itself (a ModelError too)', () => {
    const e = roundTrip(new NondeterminismError('nondeterministic-next', 'next differed', 'make it pure', trace));
    expect(e).toBeInstanceOf(NondeterminismError);
    expect(e).toMatchObject({ name: 'NondeterminismError', code: 'nondeterministic-next', message: 'next differed', hint: 'make it pure', trace });
  });
  it('raises InvalidOptionError and ReplayError with their message and hint', () => {
    const o = roundTrip(new InvalidOptionError('bad seed', 'pass a number'));
    expect(o).toBeInstanceOf(InvalidOptionError);
    expect(o).toMatchObject({ code: 'invalid-option', message: 'bad seed', hint: 'pass a number' });
    const r = roundTrip(new ReplayError('wrong model', 'use the right one'));
    expect(r).toBeInstanceOf(ReplayError);
    expect(r).toMatchObject({ code: 'replay-mismatch', message: 'wrong model', hint: 'use the right one' });
  });
  it('raises another checker error as a CheckerError with its code and hint', () => {
    class OwnError extends CheckerError {}
    const e = roundTrip(new OwnError('own-code', 'own message', 'own hint'));
    expect(e).toBeInstanceOf(CheckerError);
    expect(e).toMatchObject({ code: 'own-code', message: 'own message', hint: 'own hint' });
  });
  it('raises a plain error as an Error with its name and message, not a CheckerError', () => {
    const e = roundTrip(new RangeError('too far'));
    expect(e).not.toBeInstanceOf(CheckerError);
    expect(e.name).toBe('RangeError');
    expect(e.message).toBe('too far');
  });
  it('keeps the worker\'s stack, where the error was thrown', () => {
    const original = new ModelError('model-threw', 'm', 'h', trace);
    expect(roundTrip(original).stack).toBe(original.stack);
    const plain = new Error('plain');
    expect(roundTrip(plain).stack).toBe(plain.stack);
  });
  it('fills what a sender left out: code "error", an empty hint, an empty trace', () => {
    const m = receivedError({ name: 'ModelError', message: 'm' }) as ModelError;
    expect(m).toMatchObject({ code: 'error', hint: '', trace: [] });
    const n = receivedError({ name: 'NondeterminismError', message: 'n' }) as NondeterminismError;
    expect(n).toMatchObject({ code: 'error', hint: '', trace: [] });
    expect(receivedError({ name: 'InvalidOptionError', message: 'o' })).toMatchObject({ hint: '' });
    expect(receivedError({ name: 'ReplayError', message: 'r' })).toMatchObject({ hint: '' });
    expect(receivedError({ name: 'Whatever', message: 'w', code: 'c' })).toMatchObject({ code: 'c', hint: '' });
    expect(receivedError({ name: 'Whatever', message: 'w', code: 'c' }).name).toBe('CheckerError');
  });
  it('keeps the stack of a received error that has none, as the new error\'s own', () => {
    const e = receivedError({ name: 'Error', message: 'no stack sent' });
    expect(e.stack).toContain('no stack sent');
  });
});
