import { ContentTable } from './internal/ContentTable.ts';
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
/**
 * Ids written to describe a node and its children not known by identity, from which the node is
 * remembered by identity (see `#node`).
 */
const REMEMBER_FROM = 64;

/** How much the numbering tables hold (see `StructuralKeys.sizes`). */
export interface StructuralKeySizes {
  /** Distinct objects and arrays (content table). */
  nodes: number;
  /** Distinct strings, field names included. */
  strings: number;
  /** Distinct numbers that are not whole numbers from 0 up to 2^26. */
  numbers: number;
  /** Bytes of the content table's arrays. */
  contentBytes: number;
}

/**
 * The default state key of a model with plain-data states: hash-consing, so that two states get
 * equal keys exactly when their stable JSON (`stableKey`) is equal, with no list of fields
 * anywhere: whatever a state holds is part of its key.
 *
 * Every value gets a number (an id). Whole numbers from 0 below 2^26 are their own ids; other
 * numbers, strings and field names are numbered as they are met; `null`, `true` and `false` have
 * fixed ids; the id's two low bits say which kind it is, so `1` and `'1'` differ. An object or
 * array is described by a tuple of its children's ids (an object: a pair of ids per field, name
 * and value, in the order of the names' ids, fields whose value is `undefined` left out, as in
 * JSON; an array: its elements' ids), and gets the number of that tuple in a content table
 * (`ContentTable`, typed arrays, no text and no object per entry). Objects are
 * numbered by identity first (a `WeakMap`), so an immutable update, which shares every part it
 * did not change, costs only the objects it created. The key of a state is the description of
 * its root written as text, which is not stored: a few characters per field of the root.
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
  readonly #nodes = new ContentTable();
  readonly #strings = new Map<string, number>();
  readonly #numbers = new Map<number, number>();
  /** The objects being described, innermost last: meeting one again is a cycle. */
  readonly #open: object[] = [];
  /** Scratch lists per depth of nesting, reused, so describing a node allocates nothing. */
  readonly #ids: number[][] = [];
  /** The value whose key is being built, for the error's path. */
  #root: unknown = undefined;
  /** The fields of the last root object described, by position: value, name id and value id. */
  readonly #lastFields: unknown[] = [];
  readonly #lastNames: number[] = [];
  readonly #lastIds: number[] = [];
  /** Ids written by all descriptions so far: what describing a node again would cost is the growth of this. */
  #work = 0;

  /** The key of `state`: equal for two states exactly when their stable JSON is equal. */
  key(state: unknown): string {
    this.#root = state;
    this.#open.length = 0;
    const codes: number[] = [];
    if (typeof state === 'object' && state !== null) {
      const n = this.#describe(state);
      const ids = this.#ids[0]!;
      for (let i = 0; i < n; i++) pushId(codes, ids[i]!);
    } else {
      codes.push(SCALAR_TAG);
      pushId(codes, this.id(state));
    }
    return String.fromCharCode.apply(null, codes);
  }

  /**
   * The id of `value`: equal for two values exactly when their stable JSON is equal. Objects and
   * arrays passed here are kept in the content table (unlike a root passed to `key`). Objects
 * that are cheap to describe (a few dozen ids, children included) are described again whenever
 * met instead of being remembered by identity.
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

  /** How much the tables hold: the memory a search pays for its keys, besides the keys. */
  sizes(): StructuralKeySizes {
    return { nodes: this.#nodes.size, strings: this.#strings.size, numbers: this.#numbers.size, contentBytes: this.#nodes.bytes };
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
    const depth = this.#open.length;
    const before = this.#work;
    const n = this.#describe(v);
    const id = this.#nodes.intern(this.#ids[depth]!, n) * 4 + NODE;
    // Remembered by identity only when describing it again would cost more than remembering it:
    // a WeakMap entry for a young object is dear to the garbage collector. On outbox-cdc a search
    // took about a fifth less CPU time remembering only nodes whose description, children not
    // known by identity included, wrote 48 to 100 ids, than remembering every node.
    if (this.#work - before >= REMEMBER_FROM) this.#identity.set(v, id);
    return id;
  }

  /**
   * Writes the description of an object or array into the scratch list of its depth and returns
   * its length: a tag, then its children's ids (see the class doc).
   */
  #describe(v: object): number {
    const open = this.#open;
    if (open.includes(v)) return this.#unserialisable();
    const depth = open.length;
    open.push(v);
    const ids = (this.#ids[depth] ??= []);
    let n = 1;
    if (Array.isArray(v)) {
      ids[0] = ARRAY_TAG;
      for (let i = 0; i < v.length; i++) ids[n++] = this.id(v[i]);
    } else {
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return this.#unserialisable();
      // (name id, value id) pairs in the order of the names' ids: canonical for the life of
      // these keys, whatever order the fields were added in, with no string comparison.
      ids[0] = OBJECT_TAG;
      let sorted = true;
      const rec = v as Record<string, unknown>;
      for (const name in rec) {
        const field = rec[name];
        if (field === undefined) continue;
        const known = this.#strings.get(name);
        const nameId = (known === undefined ? this.#string(name) : known) * 4 + STRING;
        if (n > 1 && ids[n - 2]! > nameId) sorted = false;
        ids[n++] = nameId;
        if (depth === 0) {
          // A root's fields are mostly the very values of the root keyed before (a sibling, or
          // the parent): compared by position, which costs less than a lookup by identity.
          const p = n >> 1;
          if (field !== this.#lastFields[p] || nameId !== this.#lastNames[p]) {
            this.#lastIds[p] = this.id(field);
            this.#lastFields[p] = field;
            this.#lastNames[p] = nameId;
          }
          ids[n++] = this.#lastIds[p]!;
        } else if (typeof field === 'object' && field !== null) {
          const id = this.#identity.get(field);
          ids[n++] = id === undefined ? this.#node(field) : id;
        } else ids[n++] = this.id(field);
      }
      if (!sorted) sortPairs(ids, 1, n);
    }
    open.pop();
    this.#work += n;
    return n;
  }

  /** Throws the typed error `stableKey` gives for the root, which names the path of what is wrong. */
  #unserialisable(): never {
    this.#open.length = 0;
    stableKey(this.#root);
    throw new UnserialisableError('state', 'not plain data');
  }
}

/** Sorts `pairs[from .. n)`, taken two by two, by the first of each pair (insertion sort: a record has few fields). */
function sortPairs(pairs: number[], from: number, n: number): void {
  for (let i = from + 2; i < n; i += 2) {
    const a = pairs[i]!;
    const b = pairs[i + 1]!;
    let j = i - 2;
    while (j >= from && pairs[j]! > a) {
      pairs[j + 2] = pairs[j]!;
      pairs[j + 3] = pairs[j + 1]!;
      j -= 2;
    }
    pairs[j + 2] = a;
    pairs[j + 3] = b;
  }
}

/** Appends an id as 15-bit codes, low first, the top bit of each code saying another follows. */
function pushId(codes: number[], id: number): void {
  while (id >= 0x8000) {
    codes.push((id & 0x7fff) | 0x8000);
    id = Math.floor(id / 0x8000);
  }
  codes.push(id);
}
