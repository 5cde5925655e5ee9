import { stableKey, UnserialisableError } from './stableKey.ts';

/** Id tags, in an id's two low bits: what kind of value an id stands for. */
const INTEGER = 0;
const STRING = 1;
const NODE = 2;
const OTHER = 3;
/** `null` (and `undefined` in an array, as in JSON), `true` and `false`: the first ids tagged OTHER. */
const NULL_ID = OTHER;
const TRUE_ID = 4 + OTHER;
const FALSE_ID = 8 + OTHER;
/** Whole numbers from 0 below this are their own ids (times four); others go to a table. */
const SMALL_LIMIT = 1 << 26;
/** First code of a node's description. */
const ARRAY_TAG = 0;
const OBJECT_TAG = 1;
/** First code of a key of a root that is not an object or array. */
const SCALAR_TAG = 2;

/** How many entries the numbering tables hold (see `StructuralKeys.sizes`). */
export interface StructuralKeySizes {
  /** Distinct objects and arrays (content table). */
  nodes: number;
  /** Distinct strings, field names included. */
  strings: number;
  /** Distinct numbers that are not whole numbers from 0 up to 2^26. */
  numbers: number;
  /** Characters of all the node descriptions kept in the content table. */
  descriptionChars: number;
}

/**
 * The default state key of a model with plain-data states: hash-consing, so that two states get
 * equal keys exactly when their stable JSON (`stableKey`) is equal, with no list of fields
 * anywhere: whatever a state holds is part of its key.
 *
 * Every value gets a number (an id). Whole numbers from 0 below 2^26 are their own ids; other
 * numbers, strings and field names are numbered as they are met; `null`, `true` and `false` have
 * fixed ids; the id's two low bits say which kind it is, so `1` and `'1'` differ. An object or
 * array is described by a short text of its children's ids (an object: its field names sorted,
 * each with its value's id, fields whose value is `undefined` left out, as in JSON; an array:
 * its elements' ids), and gets the number of that description in a content table. Objects are
 * numbered by identity first (a `WeakMap`), so an immutable update, which shares every part it
 * did not change, costs only the objects it created. The key of a state is the description of
 * its root, which is not stored: a few characters per field of the root.
 *
 * Assumes what `Model` promises: a state, and every object in it, is never changed once keyed.
 * Numbers depend on the order values are met in, so keys are canonical for the life of one
 * `StructuralKeys` (one search), not across processes (replay strings fingerprint stable JSON).
 * Ids are numbers, so a later fingerprint can hash a root's ids without building text.
 *
 * A function, symbol, bigint, non-finite number, cycle or non-plain object (Map, Set, Date,
 * class instance) throws the `UnserialisableError` that `stableKey` throws for it, path included.
 */
export class StructuralKeys {
  readonly #identity = new WeakMap<object, number>();
  readonly #nodes = new Map<string, number>();
  readonly #strings = new Map<string, number>();
  readonly #numbers = new Map<number, number>();
  #descriptionChars = 0;
  /** The objects being described, innermost last: meeting one again is a cycle. */
  readonly #open: object[] = [];
  /** The value whose key is being built, for the error's path. */
  #root: unknown = undefined;

  /** The key of `state`: equal for two states exactly when their stable JSON is equal. */
  key(state: unknown): string {
    this.#root = state;
    this.#open.length = 0;
    if (typeof state === 'object' && state !== null) return this.#describe(state);
    return String.fromCharCode(SCALAR_TAG) + idText(this.id(state));
  }

  /**
   * The id of `value`: equal for two values exactly when their stable JSON is equal. Objects and
   * arrays passed here are kept in the content table (unlike a root passed to `key`).
   */
  id(value: unknown): number {
    switch (typeof value) {
      case 'number':
        if (value >= 0 && value < SMALL_LIMIT && Number.isInteger(value)) return value === 0 ? 0 : value * 4 + INTEGER;
        return this.#number(value);
      case 'string': {
        const n = this.#strings.get(value);
        return (n === undefined ? this.#string(value) : n) * 4 + STRING;
      }
      case 'boolean':
        return value ? TRUE_ID : FALSE_ID;
      case 'undefined':
        return NULL_ID;
      case 'object': {
        if (value === null) return NULL_ID;
        const n = this.#identity.get(value);
        return n === undefined ? this.#node(value) : n;
      }
      default:
        return this.#unserialisable();
    }
  }

  /** How many entries the tables hold: the memory a search pays for its keys, besides the keys. */
  sizes(): StructuralKeySizes {
    return { nodes: this.#nodes.size, strings: this.#strings.size, numbers: this.#numbers.size, descriptionChars: this.#descriptionChars };
  }

  #string(s: string): number {
    const n = this.#strings.size;
    this.#strings.set(s, n);
    return n;
  }

  #number(v: number): number {
    if (!Number.isFinite(v)) return this.#unserialisable();
    let n = this.#numbers.get(v);
    if (n === undefined) this.#numbers.set(v, (n = this.#numbers.size + 3));
    return n * 4 + OTHER;
  }

  /** Numbers an object or array not met before by identity: by its description. */
  #node(v: object): number {
    const description = this.#describe(v);
    let n = this.#nodes.get(description);
    if (n === undefined) {
      n = this.#nodes.size * 4 + NODE;
      this.#nodes.set(description, n);
      this.#descriptionChars += description.length;
    }
    this.#identity.set(v, n);
    return n;
  }

  /** The description of an object or array: a tag, then its children's ids (see the class doc). */
  #describe(v: object): string {
    if (this.#open.includes(v)) return this.#unserialisable();
    this.#open.push(v);
    const codes: number[] = [];
    if (Array.isArray(v)) {
      codes.push(ARRAY_TAG);
      for (let i = 0; i < v.length; i++) pushId(codes, this.id(v[i]));
    } else {
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return this.#unserialisable();
      const rec = v as Record<string, unknown>;
      const names = Object.keys(rec);
      if (!isSorted(names)) names.sort();
      codes.push(OBJECT_TAG);
      for (const name of names) {
        const field = rec[name];
        if (field === undefined) continue;
        pushId(codes, this.id(name));
        pushId(codes, this.id(field));
      }
    }
    this.#open.pop();
    return String.fromCharCode.apply(null, codes);
  }

  /** Throws the typed error `stableKey` gives for the root, which names the path of what is wrong. */
  #unserialisable(): never {
    this.#open.length = 0;
    stableKey(this.#root);
    throw new UnserialisableError('state', 'not plain data');
  }
}

function isSorted(names: string[]): boolean {
  for (let i = 1; i < names.length; i++) if (names[i - 1]! > names[i]!) return false;
  return true;
}

/** Appends an id as 15-bit codes, low first, the top bit of each code saying another follows. */
function pushId(codes: number[], id: number): void {
  while (id >= 0x8000) {
    codes.push((id & 0x7fff) | 0x8000);
    id = Math.floor(id / 0x8000);
  }
  codes.push(id);
}

function idText(id: number): string {
  const codes: number[] = [];
  pushId(codes, id);
  return String.fromCharCode.apply(null, codes);
}
