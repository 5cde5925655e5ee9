import { hashTextSeeded } from './internal/hash64.ts';
import { UnorderedPaths } from './internal/UnorderedPaths.ts';
import { stableKey, UnserialisableError } from './stableKey.ts';

/** Seeds of the kinds of value, so that `1`, `'1'`, `[1]` and `{}` and `[]` hash apart. */
const INT_SEED = 0x1b873593;
const FLOAT_SEED = 0x3c6ef372;
const STRING_SEED = 0x5be0cd19;
const ARRAY_SEED = 0x6a09e667;
const OBJECT_SEED = 0x510e527f;
const UNORDERED_SEED = 0x9b05688c;
const NULL_HI = 0x243f6a88;
const NULL_LO = 0x85a308d3;
const TRUE_HI = 0x13198a2e;
const TRUE_LO = 0x03707344;
const FALSE_HI = 0x299f31d0;
const FALSE_LO = 0x082efa98;
/**
 * Hash words written for a node and its children not known by identity, from which the node is
 * remembered by identity (see `#node`).
 */
const REMEMBER_FROM = 64;
/** Nesting depth from which a node being hashed is looked for among the open ones (a cycle). */
const CYCLE_CHECK_FROM = 32;

/** murmur3's 32-bit finaliser: a bijection with full avalanche. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** murmur3_32's block step: lane `h` after the word `x`. */
function murmurStep(h: number, x: number): number {
  let k = Math.imul(x, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** xxHash32's round: lane `h` after the word `x`. */
function xxStep(h: number, x: number): number {
  h = (h + Math.imul(x, 0x85ebca77)) | 0;
  h = (h << 13) | (h >>> 19);
  return Math.imul(h, 0x9e3779b1);
}

/** The bits of a float, for hashing numbers that are not 32-bit integers. */
const floatBits = new Float64Array(1);
const floatWords = new Int32Array(floatBits.buffer);

/**
 * What was met at one path of the states hashed (the root, or a position under a node met at the
 * parent path): by position, the two child values met last there and their hashes, and, for an
 * object, each field name and its hash; as `StructuralKeys`' `PathMemo`, with a 64-bit hash (two
 * halves) where that one keeps an id.
 */
class PathMemo {
  readonly values: unknown[] = [];
  readonly his: number[] = [];
  readonly los: number[] = [];
  readonly olderValues: unknown[] = [];
  readonly olderHis: number[] = [];
  readonly olderLos: number[] = [];
  readonly names: string[] = [];
  readonly nameHis: number[] = [];
  readonly nameLos: number[] = [];
  /** The memos of the paths one level down, by position. */
  readonly children: (PathMemo | undefined)[] = [];
  /** Whether a node met at this path was large enough to be remembered by identity. */
  large = false;
  /** Whether the node last met at this path was an array (kept only where unordered paths go through it). */
  array = false;

  /** Forgets every value met here and below. */
  clear(): void {
    for (const list of [this.values, this.his, this.los, this.olderValues, this.olderHis, this.olderLos, this.names, this.nameHis, this.nameLos, this.children]) list.length = 0;
  }
}

/**
 * What a `StructuralFingerprint` hashes besides the state's plain content: the state as if its
 * strings were renamed and some of its lists were sets, with no copy built. Symmetry reduction
 * fingerprints a state under each renaming of interchangeable names this way.
 */
export interface FingerprintOptions {
  /**
   * Each string, leaf or field name, is hashed as `rename(s)`: the fingerprint is that of the
   * copy with every string renamed. Must be pure; it is called again for strings met again.
   */
  rename?: (s: string) => string;
  /**
   * Paths of arrays hashed as multisets: any order of their elements gives the same fingerprint.
   * Each path is a list of field names from the root, as the state names them (before `rename`),
   * with `*` for any element of an array or field of an object: `[['db', 'tables', '*', 'rows']]`.
   */
  unordered?: readonly (readonly string[])[];
}

/**
 * A 64-bit fingerprint of a plain-data state that is a function of its content alone (a Merkle
 * hash), so that two threads, two processes or two searches give a state the same fingerprint:
 * what the parallel search's workers share a visited set by. `StructuralKeys` numbers values in
 * the order it meets them, which differs between threads.
 *
 * - A leaf is hashed from its value: a whole number in 32-bit range from the number itself, other
 *   numbers from their float64 bits (-0 as 0, as JSON writes it), a string from its UTF-16 code
 *   units; `null` (and `undefined` in an array, as in JSON), `true` and `false` have fixed hashes.
 *   Each kind has its own seed, so `1` and `'1'` hash apart.
 * - An array is hashed from its elements' hashes in order, and its length.
 * - An object is hashed from the sum of one 64-bit hash per field of its name's hash and its
 *   value's hash, fields whose value is `undefined` left out as in JSON: a sum does not depend on
 *   the order of the fields, so no names are sorted or compared.
 * - With `FingerprintOptions`, a string is hashed as its renaming, and an array at an unordered
 *   path from the sum of its elements' hashes, as an object from its fields'. A node that an
 *   unordered path goes through hashes by where it is met, so it is never remembered by identity.
 *
 * Two states of different stable JSON thus share a fingerprint only when two different values in
 * them hash alike: over a search that hashes m distinct states and subtrees the odds are about
 * m²/2⁶⁵ (each node's hash is 64 bits: two 32-bit lanes, murmur3's and xxHash32's steps, each
 * finished by murmur3's finaliser), with m a few times the number of states, since a state
 * shares most of its subtrees with its parent.
 *
 * Immutable updates share every part they did not change, and a search hashes a state's
 * successors one after the other, so a part is first looked for where it was last met: at the
 * same path (`PathMemo`), compared by identity. Large parts are also remembered by identity (a
 * `WeakMap`), for when they move. Like `StructuralKeys`, this assumes what `Model` promises: a
 * state, and every object in it, is never changed once fingerprinted (the search samples that
 * `next` leaves its input alone).
 *
 * A function, symbol, bigint, non-finite number, cycle or non-plain object (Map, Set, Date, class
 * instance) throws the `UnserialisableError` that `stableKey` throws for it, path included.
 */
export class StructuralFingerprint {
  /** Large nodes by identity: their hash, high half then low. */
  readonly #identity = new WeakMap<object, readonly [number, number]>();
  /** The result of `#hash`/`#node`/`#leaf`: the high and low halves of the last value's hash. */
  #hi = 0;
  #lo = 0;
  readonly #pair = new Int32Array(2);
  readonly #open: object[] = [];
  #depth = 0;
  #root: unknown = undefined;
  readonly #rootMemo = new PathMemo();
  /** Words describing all nodes so far (a name and a value per field: StructuralKeys' ids before it wrote shapes): what hashing a node again would cost is the growth of this. */
  #work = 0;
  readonly #rename: ((s: string) => string) | null;
  /** The paths of unordered arrays, from the root (null: none). */
  readonly #unordered: UnorderedPaths | null;

  /**
   * `options`: hash the state as if renamed, with some lists as sets (see `FingerprintOptions`);
   * without them, its plain content. Throws a `RangeError` for ambiguous `unordered` paths.
   */
  constructor(options: FingerprintOptions = {}) {
    this.#rename = options.rename ?? null;
    this.#unordered = UnorderedPaths.of(options.unordered ?? []);
  }

  /**
   * The fingerprint of `state` into `into[0]` (high) and `into[1]` (low): equal for two states
   * whose stable JSON is equal, in any thread or process, and different otherwise but for a hash
   * collision (see the class doc). Allocates nothing once the memos have grown, but for the
   * identity entries of large new parts.
   */
  fingerprint(state: unknown, into: Int32Array): void {
    this.#root = state;
    this.#depth = 0;
    if (typeof state === 'object' && state !== null) this.#node(state, this.#rootMemo, this.#unordered);
    else this.#leaf(state);
    into[0] = this.#hi;
    into[1] = this.#lo;
  }

  /** Sets `#hi`/`#lo` to the hash of a value that is not an object or array (or is null). */
  #leaf(value: unknown): void {
    switch (typeof value) {
      case 'number': {
        let h1: number;
        let h2: number;
        if ((value | 0) === value) {
          // Whole numbers in 32-bit range (-0 among them: `-0 | 0` is 0, as JSON writes it).
          h1 = murmurStep(INT_SEED, value);
          h2 = xxStep(INT_SEED, value);
        } else {
          if (!Number.isFinite(value)) this.#unserialisable();
          floatBits[0] = value;
          h1 = murmurStep(murmurStep(FLOAT_SEED, floatWords[0]!), floatWords[1]!);
          h2 = xxStep(xxStep(FLOAT_SEED, floatWords[0]!), floatWords[1]!);
        }
        this.#hi = fmix32(h1);
        this.#lo = fmix32(h2 ^ this.#hi);
        return;
      }
      case 'string':
        this.#string(value);
        return;
      case 'boolean':
        this.#hi = value ? TRUE_HI : FALSE_HI;
        this.#lo = value ? TRUE_LO : FALSE_LO;
        return;
      case 'undefined':
        this.#hi = NULL_HI;
        this.#lo = NULL_LO;
        return;
      case 'object':
        if (value === null) {
          this.#hi = NULL_HI;
          this.#lo = NULL_LO;
          return;
        }
        this.#unserialisable();
        return;
      default:
        this.#unserialisable();
    }
  }

  /** Sets `#hi`/`#lo` to the hash of a string: two multiplicative lanes over its code units (cyrb53's). */
  #string(text: string): void {
    const s = this.#rename === null ? text : this.#rename(text);
    hashTextSeeded(s, STRING_SEED ^ s.length, this.#pair);
    this.#hi = this.#pair[0]!;
    this.#lo = this.#pair[1]!;
  }

  /**
   * Sets `#hi`/`#lo` to the hash of a child value met at position `at` under `memo`'s path that
   * was not the value last met there: the one met before it, or a value looked up or hashed
   * afresh. Either way it becomes the one last met, and the value it displaces the one before.
   * `paths`: the unordered paths from the child's (null: none). `memoized`: whether the values
   * met before at this position were met at this path (see `#node`).
   */
  #child(value: unknown, memo: PathMemo, at: number, paths: UnorderedPaths | null, memoized: boolean): void {
    if (memoized && at < memo.olderValues.length && memo.olderValues[at] === value) {
      this.#hi = memo.olderHis[at]!;
      this.#lo = memo.olderLos[at]!;
    } else if (typeof value !== 'object' || value === null) this.#leaf(value);
    else {
      const child = (memo.children[at] ??= new PathMemo());
      // Only a node that no unordered path goes through is remembered by identity (see `#node`),
      // and a memo is only ever used at one place in those paths, so a path where a large node
      // was met is one where a node's hash does not depend on where it is met.
      const known = child.large ? this.#identity.get(value) : undefined;
      if (known !== undefined) {
        this.#hi = known[0];
        this.#lo = known[1];
      } else this.#node(value, child, paths);
    }
    const values = memo.values;
    // Positions are met in order from 0, so a new one is the next: both entries start as this
    // value, and the lists never have holes. So do a position's entries when the value last met
    // there was met at another path.
    if (memoized && at < values.length) {
      memo.olderValues[at] = values[at];
      memo.olderHis[at] = memo.his[at]!;
      memo.olderLos[at] = memo.los[at]!;
    } else {
      memo.olderValues[at] = value;
      memo.olderHis[at] = this.#hi;
      memo.olderLos[at] = this.#lo;
    }
    values[at] = value;
    memo.his[at] = this.#hi;
    memo.los[at] = this.#lo;
  }

  /**
   * Sets `#hi`/`#lo` to the hash of an object or array not known by identity. `paths`: the
   * unordered paths from its own (null: none).
   *
   * The memos are by position, and an object's fields may come in another order at the same path.
   * Where unordered paths go through an object, a field's hash depends on its name, so a value
   * is taken from the memo only where the name at its position is the same too, and the memos
   * below a position whose name changed are dropped. Each memo is thus only ever used at one
   * path's place in the unordered paths.
   */
  #node(v: object, memo: PathMemo, paths: UnorderedPaths | null): void {
    const open = this.#open;
    const depth = this.#depth;
    // A cycle recurses without end, so it is looked for only below a depth few states reach:
    // there the object met again is among the open ones.
    if (depth >= CYCLE_CHECK_FROM) for (let d = 0; d < depth; d++) if (open[d] === v) this.#unserialisable();
    open[depth] = v;
    this.#depth = depth + 1;
    const before = this.#work;
    const values = memo.values;
    const his = memo.his;
    const los = memo.los;
    let h1: number;
    let h2: number;
    let n = 0;
    // Words a description of this node would write, as StructuralKeys counted them before it wrote shapes (a name and a value per field).
    let words = 1;
    const isArray = Array.isArray(v);
    // An array's elements and an object's fields at one path may go on by different unordered
    // paths, so where some go through, the memo of one is forgotten when the other is met.
    if (paths !== null && memo.array !== isArray) {
      memo.clear();
      memo.array = isArray;
    }
    if (isArray) {
      const elements = paths === null ? null : paths.element();
      const unordered = paths !== null && paths.unordered;
      h1 = unordered ? 0 : ARRAY_SEED;
      h2 = unordered ? 0 : ARRAY_SEED;
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        let hi: number;
        let lo: number;
        if (i < values.length && values[i] === x) {
          hi = his[i]!;
          lo = los[i]!;
        } else {
          this.#child(x, memo, i, elements, true);
          hi = this.#hi;
          lo = this.#lo;
        }
        if (unordered) {
          // The sum of the elements' hashes, each lane modulo 2^32, as an object's fields: the
          // same in any order.
          const e1 = fmix32(murmurStep(murmurStep(UNORDERED_SEED, hi), lo));
          h1 = (h1 + e1) | 0;
          h2 = (h2 + fmix32(xxStep(xxStep(UNORDERED_SEED ^ e1, hi), lo))) | 0;
        } else {
          h1 = murmurStep(murmurStep(h1, hi), lo);
          h2 = xxStep(xxStep(h2, hi), lo);
        }
      }
      n = v.length;
      words += n;
      if (unordered) {
        h1 = murmurStep(UNORDERED_SEED, h1);
        h2 = xxStep(UNORDERED_SEED, h2);
      }
    } else {
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) this.#unserialisable();
      // The sum of the fields' hashes, each lane modulo 2^32: the same in any order of the fields.
      h1 = 0;
      h2 = 0;
      const names = memo.names;
      const nameHis = memo.nameHis;
      const nameLos = memo.nameLos;
      const rec = v as Record<string, unknown>;
      for (const name in rec) {
        const field = rec[name];
        if (field === undefined) continue;
        let nameHi: number;
        let nameLo: number;
        const sameName = n < names.length && names[n] === name;
        // Whether the memo's values at this position were met under this name's path.
        const memoized = paths === null || sameName;
        if (sameName) {
          nameHi = nameHis[n]!;
          nameLo = nameLos[n]!;
        } else {
          this.#string(name);
          nameHi = this.#hi;
          nameLo = this.#lo;
          names[n] = name;
          nameHis[n] = nameHi;
          nameLos[n] = nameLo;
        }
        let hi: number;
        let lo: number;
        if (memoized && n < values.length && values[n] === field) {
          hi = his[n]!;
          lo = los[n]!;
        } else {
          // What was met below this position was met under another name's path: forgotten.
          if (!memoized) memo.children[n] = undefined;
          this.#child(field, memo, n, paths === null ? null : paths.field(name), memoized);
          hi = this.#hi;
          lo = this.#lo;
        }
        // One field's hash: both halves of its name's hash and its value's, through each lane.
        const f1 = fmix32(murmurStep(murmurStep(murmurStep(OBJECT_SEED, nameHi), hi), lo));
        h1 = (h1 + f1) | 0;
        h2 = (h2 + fmix32(xxStep(xxStep(xxStep(OBJECT_SEED ^ f1, nameLo), hi), lo))) | 0;
        n++;
      }
      words += 2 * n;
      h1 = murmurStep(OBJECT_SEED, h1);
      h2 = xxStep(OBJECT_SEED, h2);
    }
    // The length, then the finaliser: a list and its prefix differ, and so do [] and {}.
    const hi = fmix32(h1 ^ n);
    const lo = fmix32(h2 ^ Math.imul(n, 0x9e3779b1) ^ hi);
    this.#depth = depth;
    this.#work += words;
    // Remembered by identity only when hashing it again would cost more than remembering it: a
    // WeakMap entry for a young object is dear to the garbage collector (see StructuralKeys).
    // Never when an unordered path goes through it: its hash then depends on where it is met,
    // and it may be met again elsewhere.
    if (this.#work - before >= REMEMBER_FROM && paths === null) {
      this.#identity.set(v, [hi, lo]);
      memo.large = true;
    }
    this.#hi = hi;
    this.#lo = lo;
  }

  /** Throws the typed error `stableKey` gives for the root, which names the path of what is wrong. */
  #unserialisable(): never {
    this.#depth = 0;
    stableKey(this.#root);
    throw new UnserialisableError('state', 'not plain data');
  }
}
