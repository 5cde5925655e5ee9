import { ReplayError } from './CheckerError.ts';

/** The decoded content of a replay string. */
export interface ReplayPath {
  model: string;
  version: string;
  /** Index into `model.initial()`. */
  init: number;
  /** At each step, the index of the action taken in `model.actions(state)`. */
  choices: number[];
  /** FNV-1a hash (8 hex digits) of the final state's stable JSON: detects a model that changed under the trace. */
  fingerprint: string;
  /** For a lasso: the step whose state the final state equals, where the cycle starts. */
  loopsBackTo?: number;
}

const PREFIX = 'cdc1';

/**
 * Encodes a path as a one-line replay string, e.g. `cdc1:die-hard@1:0:1.4.0.4.1.4:9c1e33a0`.
 * A lasso has a sixth field, `loop<k>`: the last state equals the state after step k, e.g.
 * `cdc1:retry@1:0:0.1.0:5d0c11aa:loop1`. Pure.
 */
export function encodeReplay(path: ReplayPath): string {
  const name = encodeURIComponent(path.model);
  const version = encodeURIComponent(path.version);
  const loop = path.loopsBackTo === undefined ? '' : `:loop${path.loopsBackTo}`;
  return `${PREFIX}:${name}@${version}:${path.init}:${path.choices.join('.')}:${path.fingerprint}${loop}`;
}

/**
 * Decodes a replay string made by `encodeReplay`.
 *
 * Throws `ReplayError` when the string is not one (truncated, edited, or from another tool).
 */
export function decodeReplay(text: string): ReplayPath {
  const parts = text.trim().split(':');
  const malformed = (what: string) =>
    new ReplayError(
      `not a cdc-check replay string (${what}): ${JSON.stringify(text.length > 80 ? text.slice(0, 77) + '...' : text)}`,
      'Copy the whole replay string printed with the violation; it looks like cdc1:<model>@<version>:<init>:<choices>:<hash>, with :loop<k> after it for a lasso.',
    );
  if ((parts.length !== 5 && parts.length !== 6) || parts[0] !== PREFIX) throw malformed('expected 5 fields starting with cdc1, or 6 for a lasso');
  const [, nameAtVersion = '', initText = '', choicesText = '', fingerprint = '', loopText] = parts;
  const at = nameAtVersion.lastIndexOf('@');
  if (at <= 0) throw malformed('missing model@version');
  const init = Number(initText);
  if (!/^\d+$/.test(initText) || !Number.isSafeInteger(init)) throw malformed('bad initial-state index');
  if (choicesText !== '' && !/^\d+(\.\d+)*$/.test(choicesText)) throw malformed('bad action indices');
  if (!/^[0-9a-f]{8}$/.test(fingerprint)) throw malformed('bad state hash');
  const choices = choicesText === '' ? [] : choicesText.split('.').map(Number);
  if (choices.some((c) => !Number.isSafeInteger(c))) throw malformed('an action index too large');
  let loopsBackTo: number | undefined;
  if (loopText !== undefined) {
    if (!/^loop\d+$/.test(loopText)) throw malformed('bad loop field, expected loop<k>');
    loopsBackTo = Number(loopText.slice(4));
    if (!(loopsBackTo < choices.length)) throw malformed(`the loop goes back to step ${loopsBackTo}, but the path has only ${choices.length} steps`);
  }
  return {
    model: decodeURIComponent(nameAtVersion.slice(0, at)),
    version: decodeURIComponent(nameAtVersion.slice(at + 1)),
    init,
    choices,
    fingerprint,
    ...(loopsBackTo === undefined ? {} : { loopsBackTo }),
  };
}

/** 32-bit FNV-1a of a string, as 8 hex digits. Pure; used for state fingerprints in replay strings. */
export function fingerprintOf(key: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
