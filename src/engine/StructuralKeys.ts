import { ContentTable } from './internal/ContentTable.ts';
import { KeptRoot, KeptRoots } from './internal/KeptRoots.ts';
import { hashInts } from './internal/hash64.ts';
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
/** Nesting depth from which a node being described is looked for among the open ones (a cycle). */
const CYCLE_CHECK_FROM = 32;

/** How much the numbering tables hold (see `StructuralKeys.sizes`). */
export interface StructuralKeySizes {
  /** Distinct objects and arrays (content table). */
  nodes: number;
  /** Distinct strings, field names included. */
  strings: number;
  /** Distinct numbers that are not whole numbers from 0 up to 2^26. */
  numbers: number;
  /** Bytes of the content table's arrays (and the shape table's). */
  contentBytes: number;
}

/**
 * The work the keys have done so far (see `StructuralKeys.stats`): counts that only grow, for
 * tests and benchmarks to see what the memos and the parent hint save. Counted only where work
 * is done, never on the paths that save it.
 */
export interface StructuralKeyStats {
  /** Objects and arrays described (their children's ids written), roots included. */
  described: number;
  /** Ids written by those descriptions (a node's tag included). */
  ids: number;
  /** Field names looked up in the string table: not found at their place in a path's memo. */
  namesLookedUp: number;
}

/**
 * What was met at one path of the states keyed (the root, or a position under a node met at the
 * parent path): by position, the two child values met last there and their ids (`values`/`ids`
 * the more recent, `olderValues`/`olderIds` the one before) and, for an object, each field name
 * and its id. Two, because a search keys a state's successors one after the other: at a
 * position, one successor holds what its parent held and the next one something new, and the
 * parent's value must survive that. Every entry holds `ids[i]` = the id of `values[i]` (and the
 * same for the older entry and the names), so an entry left over from another, longer node at
 * this path is still true.
 */
class PathMemo {
  readonly values: unknown[] = [];
  readonly ids: number[] = [];
  readonly olderValues: unknown[] = [];
  readonly olderIds: number[] = [];
  readonly names: string[] = [];
  readonly nameIds: number[] = [];
  /** The memos of the paths one level down, by position. */
  readonly children: (PathMemo | undefined)[] = [];
  /** Whether a node met at this path was large enough to be remembered by identity. */
  large = false;
  /**
   * The shape (`StructuralKeys`' shape table) of the object whose names are `names[0 .. shapeSize)`,
   * -1 if none yet, and where each field, in that order, goes in the order of the names' ids
   * (null: the same order).
   */
  shape = -1;
  shapeSize = 0;
  order: number[] | null = null;
}

/**
 * The default state key of a model with plain-data states: hash-consing, so that two states get
 * equal keys exactly when their stable JSON (`stableKey`) is equal, with no list of fields
 * anywhere: whatever a state holds is part of its key.
 *
 * Every value gets a number (an id). Whole numbers from 0 below 2^26 are their own ids; other
 * numbers, strings and field names are numbered as they are met; `null`, `true` and `false` have
 * fixed ids; the id's two low bits say which kind it is, so `1` and `'1'` differ. An object or
 * array is described by a tuple of its children's ids (an object: its shape, the number of the
 * list of its names' ids in increasing order in a table of shapes, then its values' ids in that
 * order, fields whose value is `undefined` left out, as in JSON; an array: its elements' ids),
 * and gets the number of that tuple in a content table (`ContentTable`, typed arrays, no text and
 * no object per entry). A path remembers the shape of the object met there last with its names
 * (`PathMemo`), so an object of the same names costs one id per field, not two. The description of a state's
 * root is its key:
 * - `fingerprint` hashes it into 64 bits (`hashInts`) with no text and no allocation: what the
 *   search's visited set keeps. Ids below the root are exact, so two states share a fingerprint
 *   only when their root descriptions' hashes collide (about n²/2⁶⁵ odds over n states).
 * - `key` writes it as text, exact: what `exactKeys` keeps.
 *
 * Immutable updates share every part they did not change, and a search keys a state's successors
 * one after the other, so a part is first looked for where it was last met: at the same path
 * (`PathMemo`), compared by identity, which costs no lookup and leaves no garbage. Large parts
 * are also remembered by identity (a `WeakMap`), for when they move. A step thus costs only the
 * objects it created.
 *
 * A search keys a state's successors long after it keyed the state itself, when what was last met
 * at each path is some other state's. So the search says which states it found new (`keep`: their
 * root description is kept, a few dozen numbers each, until they are expanded) and whose
 * successors it is keying (`parentIs`); a part that is the parent's very object at the same place
 * then takes its id from the parent's description (the content table holds every node's), one
 * level down at a time along the path the step changed. On `outbox-cdc` this cut the nodes
 * described per state keyed from 13.2 to 7.6, and the ids written from 101 to 66; writing an
 * object's shape instead of its names cut the ids written to 43.
 *
 * Assumes what `Model` promises: a state, and every object in it, is never changed once keyed
 * (the path memos, the identity map and a kept parent all trust an object met again to hold what
 * it held; the search samples that `next` leaves its input alone, `next-mutated-state`). A kept
 * parent's own fields are compared as they were when it was kept, so a `next` that changes a field
 * of its input in place still gets its successor keyed as what it is and is reported by that
 * check; deeper down, as with the memos, an object is trusted by identity.
 * Numbers depend on the order values are met in, so keys and fingerprints are canonical for the
 * life of one `StructuralKeys` (one search), not across processes (replay strings fingerprint
 * stable JSON).
 *
 * A function, symbol, bigint, non-finite number, cycle or non-plain object (Map, Set, Date,
 * class instance) throws the `UnserialisableError` that `stableKey` throws for it, path included.
 */
export class StructuralKeys {
  readonly #identity = new WeakMap<object, number>();
  readonly #nodes = new ContentTable();
  /** The shapes of objects: each distinct list of names' ids, in increasing order. */
  readonly #shapes = new ContentTable();
  /** Scratch list for putting an object's values in order, and for its shape. */
  readonly #moved: number[] = [];
  readonly #strings = new Map<string, number>();
  readonly #numbers = new Map<number, number>();
  /**
   * The objects being described, `#open[0 .. #depth)`, innermost last: meeting one again is a
   * cycle. Written by index, never pushed and popped: V8 shrinks a popped array's store and a
   * push then allocates a new one, which cost a garbage store per key.
   */
  readonly #open: object[] = [];
  #depth = 0;
  /** Scratch lists per depth of nesting, reused, so describing a node allocates nothing. */
  readonly #ids: number[][] = [];
  /** The value whose key is being built, for the error's path. */
  #root: unknown = undefined;
  /** What the roots keyed were made of (see `PathMemo`). */
  readonly #rootMemo = new PathMemo();
  /** The paths under values passed to `id`. */
  readonly #idMemo = new PathMemo();
  /** Ids written by all descriptions so far: what describing a node again would cost is the growth of this. */
  #work = 0;
  /** Nodes described and field names looked up so far (see `stats`). */
  #described = 0;
  #namesLookedUp = 0;
  /** The length of the last root description (`#ids[0]`), and the root it describes. */
  #rootLength = 0;
  /** Root descriptions of the states `keep` was told of, until `parentIs` takes them (see there). */
  readonly #kept = new KeptRoots();
  /** The state whose successors are being keyed (null: none), and its root as it was kept (see `parentIs`). */
  #ref: object | null = null;
  readonly #refRoot = new KeptRoot();

  /** The key of `state` as text: equal for two states exactly when their stable JSON is equal. */
  key(state: unknown): string {
    const n = this.#describeRoot(state);
    const ids = this.#ids[0]!;
    const codes: number[] = [];
    for (let i = 0; i < n; i++) pushId(codes, ids[i]!);
    return String.fromCharCode.apply(null, codes);
  }

  /**
   * The 64-bit fingerprint of `state`, written into `into[0]` (high) and `into[1]` (low): equal
   * for two states whose stable JSON is equal, and different otherwise but for a hash collision
   * (see the class doc). Allocates nothing once the tables have grown.
   */
  fingerprint(state: unknown, into: Int32Array): void {
    const n = this.#describeRoot(state);
    hashInts(this.#ids[0]!, n, into);
  }

  /**
   * The id of `value`: equal for two values exactly when their stable JSON is equal. Objects and
   * arrays passed here are kept in the content table (unlike a root passed to `key`).
   */
  id(value: unknown): number {
    if (typeof value === 'object' && value !== null) {
      this.#root = value;
      this.#depth = 0;
      // No root description is written: `keep(value)` must not take the last key's for it.
      this.#rootLength = 0;
      const n = this.#identity.get(value);
      return n === undefined ? this.#node(value, this.#idMemo) : n;
    }
    return this.#leaf(value);
  }

  /**
   * Says that `state`, the state last keyed, is one the search will expand: its root description
   * is kept (a copy of a few dozen numbers) until `parentIs(state)` takes it. Kept states wait in
   * a queue, in the order kept, as a breadth-first search expands them (`KeptRoots`): taking one
   * forgets those kept before it. Does nothing if `state` is not the last state keyed, or not an
   * object or array.
   */
  keep(state: unknown): void {
    if (state !== this.#root || typeof state !== 'object' || state === null || this.#rootLength === 0) return;
    // The root's values as they were keyed, so that a parent changed in place by a faulty next()
    // is compared as it was keyed (its own fields; deeper down only objects are compared, by
    // identity, as the memos do): the root's path memo holds them, as its description was
    // written, and an object's field names beside them.
    const memo = this.#rootMemo;
    const n = this.#rootLength;
    if (Array.isArray(state)) this.#kept.keep(state, this.#ids[0]!, n, null, memo.values, n - 1);
    else this.#kept.keep(state, this.#ids[0]!, n, memo.names, memo.values, n - 2);
  }

  /**
   * Says that the next states keyed are successors of `state`: a successor shares with it every
   * part the step did not change, and a part found in `state` at the same place (the same object)
   * takes its id from `state`'s description (kept by `keep`; without it this does nothing but
   * forget the previous parent). A hint only: ids are taken from `state` only where the very
   * same object sits at the same place, so any state gives the same keys, only slower or faster.
   * That holds while `state` stays as it was kept. Its root's values are kept with it, but a part
   * below the root that a faulty `next()` changed in place keeps its old description here, as it
   * does in the memos by identity: `next` must not change its input, which the search samples.
   */
  parentIs(state: unknown): void {
    this.#ref = typeof state === 'object' && state !== null && this.#kept.take(state, this.#refRoot) ? state : null;
  }

  /** How much the tables hold: the memory a search pays for its keys, besides the keys. */
  sizes(): StructuralKeySizes {
    return { nodes: this.#nodes.size, strings: this.#strings.size, numbers: this.#numbers.size, contentBytes: this.#nodes.bytes + this.#shapes.bytes };
  }

  /**
   * What the keys have done so far: nodes described, ids written, field names looked up (see
   * `StructuralKeyStats`). Parts found in a memo, by identity or in the parent's description
   * (`parentIs`) add nothing.
   */
  stats(): StructuralKeyStats {
    return { described: this.#described, ids: this.#work, namesLookedUp: this.#namesLookedUp };
  }

  /** Writes the root's description into the scratch list of depth 0 and returns its length. */
  #describeRoot(state: unknown): number {
    this.#root = state;
    this.#depth = 0;
    this.#rootLength = 0;
    if (typeof state === 'object' && state !== null) {
      return (this.#rootLength = this.#describe(state, this.#rootMemo, this.#ref, -1));
    }
    const ids = (this.#ids[0] ??= []);
    ids[0] = SCALAR_TAG;
    ids[1] = this.#leaf(state);
    return 2;
  }

  /**
   * The value of field `name` of the parent's root as it was kept, or undefined; looked for
   * first at position `p` (the field's own in the successor: most steps keep the fields' order).
   */
  #refRootValue(name: string, p: number): unknown {
    const { values, valuesFrom, valuesTo } = this.#refRoot;
    const at = valuesFrom + 2 * p;
    if (at + 1 < valuesTo && values[at] === name) return values[at + 1];
    for (let i = valuesFrom; i < valuesTo; i += 2) if (values[i] === name) return values[i + 1];
    return undefined;
  }

  /** Element `i` of the parent's array root as it was kept, or undefined. */
  #refRootElement(i: number): unknown {
    const root = this.#refRoot;
    return root.valuesFrom + i < root.valuesTo ? root.values[root.valuesFrom + i] : undefined;
  }

  /**
   * The id of the value at position `at` of the reference node whose description is tuple `k`
   * of the content table (`-1`: the parent's root description): for an array (`object` false)
   * its element `at`, for an object the value of the field whose name's id is `at`, looked for
   * first in pair `p` (the field's position in the successor: a step mostly keeps the fields and
   * their order); -1 if it has none.
   */
  #refId(k: number, object: boolean, at: number, p = 0): number {
    let data: ArrayLike<number>;
    let start: number;
    let end: number;
    if (k < 0) {
      ({ ids: data, idsFrom: start, idsTo: end } = this.#refRoot);
    } else {
      data = this.#nodes.data;
      start = this.#nodes.start(k);
      end = this.#nodes.start(k + 1);
    }
    if (!object) return start + 1 + at < end ? data[start + 1 + at]! : -1;
    if (end - start < 2 || data[start] !== OBJECT_TAG) return -1;
    // The names' ids are the node's shape's; the values follow the shape, in its order.
    const shape = data[start + 1]!;
    const names = this.#shapes.data;
    const from = this.#shapes.start(shape);
    const to = this.#shapes.start(shape + 1);
    if (from + p < to && names[from + p] === at) return data[start + 2 + p]!;
    for (let i = from; i < to; i++) if (names[i] === at) return data[start + 2 + i - from]!;
    return -1;
  }

  /** The id of a value that is not an object or array (or is null). */
  #leaf(value: unknown): number {
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
      case 'object':
        if (value === null) return NULL_ID;
        return this.#unserialisable();
      default:
        return this.#unserialisable();
    }
  }

  /**
   * The id of a child value met at position `at` under `memo`'s path that was not the value last
   * met there: the one met before it, or a value looked up or described afresh. Either way it
   * becomes the one last met, and the value it displaces the one before.
   */
  #child(value: unknown, memo: PathMemo, at: number, refValue: unknown, refId: number): number {
    const values = memo.values;
    const ids = memo.ids;
    let id: number;
    if (at < memo.olderValues.length && memo.olderValues[at] === value) id = memo.olderIds[at]!;
    else if (refId !== -1 && refValue === value) id = refId;
    else if (typeof value !== 'object' || value === null) id = this.#leaf(value);
    else {
      const child = (memo.children[at] ??= new PathMemo());
      // Only a path where a large node was met is worth a lookup by identity: most nodes met
      // afresh are small records a step has just created, which no lookup would find.
      const known = child.large ? this.#identity.get(value) : undefined;
      if (known !== undefined) id = known;
      else {
        // The parent's node at this place, if it is one, is the reference one level down.
        const ref = refId !== -1 && (refId & 3) === NODE && typeof refValue === 'object' && refValue !== null ? refValue : null;
        id = this.#node(value, child, ref, refId >> 2);
      }
    }
    // Positions are met in order from 0, so a new one is the next: both entries start as this
    // value, and the lists never have holes.
    const older = at < values.length;
    memo.olderValues[at] = older ? values[at] : value;
    memo.olderIds[at] = older ? ids[at]! : id;
    values[at] = value;
    ids[at] = id;
    return id;
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

  /** Numbers an object or array not known by identity: by its description. */
  #node(v: object, memo: PathMemo, ref: object | null = null, refK = 0): number {
    const depth = this.#depth;
    const before = this.#work;
    const n = this.#describe(v, memo, ref, refK);
    const id = this.#nodes.intern(this.#ids[depth]!, n) * 4 + NODE;
    // Remembered by identity only when describing it again would cost more than remembering it:
    // a WeakMap entry for a young object is dear to the garbage collector. On outbox-cdc a search
    // took about a fifth less CPU time remembering only nodes whose description, children not
    // known by identity included, wrote 48 to 100 ids, than remembering every node.
    if (this.#work - before >= REMEMBER_FROM) {
      this.#identity.set(v, id);
      memo.large = true;
    }
    return id;
  }

  /**
   * Writes the description of an object or array into the scratch list of its depth and returns
   * its length: a tag, then its children's ids (see the class doc). A child that is the value
   * last met at its position under `memo` takes its id from there.
   */
  #describe(v: object, memo: PathMemo, ref: object | null, refK: number): number {
    const open = this.#open;
    const depth = this.#depth;
    // A cycle recurses without end, so it is looked for only below a depth few states reach:
    // there the object met again is among the open ones.
    if (depth >= CYCLE_CHECK_FROM) for (let d = 0; d < depth; d++) if (open[d] === v) return this.#unserialisable();
    open[depth] = v;
    this.#depth = depth + 1;
    const ids = (this.#ids[depth] ??= []);
    const values = memo.values;
    const valueIds = memo.ids;
    let n = 1;
    if (Array.isArray(v)) {
      ids[0] = ARRAY_TAG;
      const refs = Array.isArray(ref) ? (ref as unknown[]) : null;
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        if (i < values.length && values[i] === x) ids[n++] = valueIds[i]!;
        else if (refs === null) ids[n++] = this.#child(x, memo, i, undefined, -1);
        else if (refK < 0) ids[n++] = this.#child(x, memo, i, this.#refRootElement(i), this.#refId(refK, false, i));
        else if (typeof x === 'object' && x !== null) ids[n++] = this.#child(x, memo, i, refs[i], this.#refId(refK, false, i));
        else ids[n++] = this.#child(x, memo, i, undefined, -1);
      }
    } else {
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return this.#unserialisable();
      // Its shape (its names' ids in order), then its values' ids in the order of the names' ids:
      // canonical for the life of these keys, whatever order the fields were added in, with no
      // string comparison. Written in the order met, and put in order at the end if need be.
      ids[0] = OBJECT_TAG;
      n = 2;
      const names = memo.names;
      const nameIds = memo.nameIds;
      const rec = v as Record<string, unknown>;
      const refs = ref !== null && !Array.isArray(ref) ? (ref as Record<string, unknown>) : null;
      let p = 0;
      for (const name in rec) {
        const field = rec[name];
        if (field === undefined) continue;
        let nameId: number;
        if (p < names.length && names[p] === name) nameId = nameIds[p]!;
        else {
          this.#namesLookedUp++;
          const known = this.#strings.get(name);
          nameId = (known === undefined ? this.#string(name) : known) * 4 + STRING;
          names[p] = name;
          nameIds[p] = nameId;
          // The shape is of the names as they were; told again at the end (even if this throws on the way).
          memo.shape = -1;
        }
        if (p < values.length && values[p] === field) ids[n++] = valueIds[p]!;
        else if (refs === null) ids[n++] = this.#child(field, memo, p, undefined, -1);
        else {
          // The parent's root as kept; below it, only an object is looked for in the parent.
          const refValue = refK < 0 ? this.#refRootValue(name, p) : typeof field === 'object' && field !== null ? refs[name] : undefined;
          ids[n++] = this.#child(field, memo, p, refValue, refValue === undefined ? -1 : this.#refId(refK, true, nameId, p));
        }
        p++;
      }
      if (memo.shape < 0 || p !== memo.shapeSize) this.#shapeOf(memo, p);
      ids[1] = memo.shape;
      const order = memo.order;
      if (order !== null) {
        const moved = this.#moved;
        for (let i = 0; i < p; i++) moved[i] = ids[2 + i]!;
        for (let i = 0; i < p; i++) ids[2 + order[i]!] = moved[i]!;
      }
    }
    this.#depth = depth;
    this.#work += n;
    this.#described++;
    return n;
  }

  /**
   * Sets `memo`'s shape to that of an object whose names' ids are `memo.nameIds[0 .. size)`, in
   * the order met: the number of those ids in increasing order in the shape table, and where
   * each field goes in that order.
   */
  #shapeOf(memo: PathMemo, size: number): void {
    const nameIds = memo.nameIds;
    let sorted = true;
    for (let i = 1; i < size; i++) if (nameIds[i - 1]! > nameIds[i]!) sorted = false;
    const byId = this.#moved;
    let order: number[] | null = null;
    if (sorted) for (let i = 0; i < size; i++) byId[i] = nameIds[i]!;
    else {
      // Positions sorted by their name's id (insertion sort: a record has few fields).
      const at: number[] = [];
      for (let i = 0; i < size; i++) {
        let j = i;
        while (j > 0 && nameIds[at[j - 1]!]! > nameIds[i]!) {
          at[j] = at[j - 1]!;
          j--;
        }
        at[j] = i;
      }
      order = [];
      for (let j = 0; j < size; j++) {
        byId[j] = nameIds[at[j]!]!;
        order[at[j]!] = j;
      }
    }
    memo.shape = this.#shapes.intern(byId, size);
    memo.shapeSize = size;
    memo.order = order;
  }

  /** Throws the typed error `stableKey` gives for the root, which names the path of what is wrong. */
  #unserialisable(): never {
    this.#depth = 0;
    stableKey(this.#root);
    throw new UnserialisableError('state', 'not plain data');
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
