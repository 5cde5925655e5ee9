import type { CheckOptions, CheckResult } from './CheckResult.ts';
import { ModelError } from './CheckerError.ts';
import type { Model } from './Model.ts';
import { checkExhaustive } from './checkExhaustive.ts';
import { checkParallel } from './checkParallel.ts';
import { checkRandom } from './checkRandom.ts';
import { resolveOptions } from './resolveOptions.ts';

const KINDS = new Set(['always', 'eventually', 'atQuiescence', 'sometimes']);

/** Throws `ModelError` when the model is missing a required member or has a malformed property. */
function validateModel<S, A>(model: Model<S, A>): void {
  const name = typeof model?.name === 'string' ? model.name : '(unnamed)';
  for (const member of ['initial', 'actions', 'next'] as const) {
    if (typeof model?.[member] !== 'function') {
      throw new ModelError('bad-model', `model ${name} has no ${member}() function`, 'A model needs initial(), actions(state) and next(state, action); see src/engine/Model.ts.');
    }
  }
  if (!Array.isArray(model.properties)) {
    throw new ModelError('bad-model', `model ${name}: properties must be an array`, 'Use always(name, fn), eventually(name, fn), atQuiescence(name, fn) and sometimes(name, fn).');
  }
  const seen = new Set<string>();
  for (const p of model.properties) {
    if (!p || !KINDS.has(p.kind) || typeof p.holds !== 'function' || typeof p.name !== 'string') {
      throw new ModelError('bad-property', `model ${name} has a malformed property ${JSON.stringify(p?.name)}`, 'Build properties with always(), eventually(), atQuiescence() or sometimes().');
    }
    if ((p.stable !== undefined && typeof p.stable !== 'boolean') || (p.reads !== undefined && typeof p.reads !== 'function')) {
      throw new ModelError('bad-property', `model ${name}: property ${JSON.stringify(p.name)} has a malformed stable or reads`, 'stable is a boolean and reads a function of the state; see ReductionHints in src/engine/Property.ts.');
    }
    if ((p.stable || p.reads) && p.kind !== 'always' && p.kind !== 'sometimes') {
      throw new ModelError('bad-property', `model ${name}: ${p.kind} property ${JSON.stringify(p.name)} declares stable or reads, which only always and sometimes properties take`, 'Drop them: the reduction keeps every terminal state, and is off for eventually properties.');
    }
    if (seen.has(p.name)) {
      throw new ModelError('bad-property', `model ${name} has two properties named ${JSON.stringify(p.name)}`, 'Give each property its own name: violations are reported by name.');
    }
    seen.add(p.name);
  }
}

/**
 * Checks every property of `model`, exhaustively (breadth-first, the default) or at random with
 * fast-check.
 *
 * The result is `violated` with one violation per failed property (a shortest trace in
 * exhaustive mode, a shrunk one in random mode), `ok` only after a complete exhaustive search, and
 * `incomplete` whenever a bound stopped the search or the mode was random and found nothing.
 *
 * Deterministic: the same model, options and seed give the same result and traces.
 * Throws `InvalidOptionError` for bad options and `ModelError` when the model misbehaves.
 */
export function check<S, A>(model: Model<S, A>, options?: CheckOptions): CheckResult<S, A> {
  validateModel(model);
  const opts = resolveOptions(model, options);
  if (opts.mode === 'random') return checkRandom(model, opts);
  return opts.workers > 1 && opts.source ? checkParallel(model, { ...opts, source: opts.source }) : checkExhaustive(model, opts);
}
