/**
 * The visited set of the parallel search (`checkParallel.ts`), shared by every worker thread: the
 * same 64-bit fingerprints as `VisitedStates`, in `SharedArrayBuffer`s that each thread wraps in
 * its own typed arrays, so no state and no fingerprint is ever copied between threads.
 *
 * - `table`: open addressing with linear probing, one claim word a slot, and beside it (in the
 *   same buffer) each state's fingerprint by id, `prints`, as `VisitedStates` keeps them: 4 bytes
 *   a slot that probes touch, and 8 a state. A thread claims an empty slot with
 *   `Atomics.compareExchange(claim, 0 → BUSY)`, takes the next id, writes the fingerprint at it,
 *   then publishes the id with `Atomics.store(claim, tag | id + 1)`, where the tag is the bits of
 *   the fingerprint's hash above the table's mask. A thread probing a slot that is BUSY waits the
 *   few instructions until it is published; a slot of another tag it passes on a plain read of
 *   the claim word, without reading a fingerprint or paying for an atomic load, which is most of
 *   what a probe costs; only behind its own tag does it read the fingerprint. So two threads
 *   meeting one new state at once agree on which of them found it. Any fingerprint value is
 *   allowed (the claim word, not the fingerprint, says whether a slot is taken).
 * - Ids come from one counter, in blocks (`block`, set by each thread): a thread takes `block` ids
 *   with one `Atomics.add` and hands them to its new states in order, so the threads neither
 *   write the counter's cache line for every state nor write each other's lines of the per-id
 *   arrays, as they did with ids taken one at a time. Per id: `parent` (the parent's id, -1 for
 *   an initial state), `via` (the index of the action taken, or of the initial state) and
 *   `owner` (the worker holding the state), for traces and the rebalancing of frontiers. The ids
 *   of a block that a thread gives up (`release`, at the end of each level and before a pause)
 *   are holes: their owner is `HOLE`, so growth and rebalancing pass over them, and they are
 *   counted apart, so `size` counts states only. A thread's ids still grow with the order it
 *   claims its states in, and a level's ids are still a range, above every id of the levels
 *   before it, since every block is given up at the end of a level.
 * - The bound: a new state whose id is `maxStates` or more, plus the holes so far, is
 *   `OVER_BOUND`. Within 2¹⁷ ids of that line blocks are one id long, so every hole lies below
 *   it and no more than `maxStates` states are ever claimed. The per-id arrays have room for
 *   `maxStates` ids, 1/32 more and 4,096 for the holes: a thread's block is at most 1/64 of its
 *   share of the level (`blockFor`), so the holes left at the ends of levels are fewer than
 *   1/64 of the states. Should the holes outgrow the room (many pauses for growth, each giving
 *   up the blocks held), a state past it is `OVER_BOUND` too: the search stops a little short of
 *   the bound (and reports the bound reached, with the states it has) rather than write past
 *   the arrays.
 *
 * Growth: stop-the-world. The table starts small (2¹⁶ slots); a claim that fills it past 70%
 * raises a flag (`wantsGrowth`), every worker pauses between two states, the main thread
 * copies the fingerprints into a buffer 4 times as large and inserts every id into its table
 * (`grow`; ids, parents and actions do not move), and the workers resume with it. Between the flag and the pause the table can
 * only take the few successors of the states being expanded, far below the 25% left. The id
 * arrays are allocated once for `maxStates` (at most 0.9 · 2²⁸): a `SharedArrayBuffer` is
 * zero-filled lazily by the operating system, so only the pages of ids in use cost memory.
 */
const BUSY = -1;
/**
 * Where in `counter` the growth flag is: a cache line (64 bytes) away from the id counter, which
 * every new state's claim writes, so that the flag every worker reads between two states is not
 * fetched again from the other core after each of them.
 */
const GROW_FLAG = 16;
/** Where in `counter` the ids given up unused (`release`) are counted: a third cache line, seldom written. */
const HOLES = 32;
/** Where in `counter` the ids of states past the bound (`OVER_BOUND`) are counted. */
const OVERS = 33;
/** How far from the bound blocks shrink to one id: far more than a block, so every block taken before ends below the bound. */
const NEAR_BOUND = 2 ** 17;
/** The owner of an id that no state has: given up unused (`release`), or past the bound. Not a worker, nor the main thread's 255. */
export const HOLE = 254;
/** `claim`'s answer when the state is new but the `maxStates` bound is already reached. */
export const OVER_BOUND = -3;

/** The buffers of a `SharedVisited`, as sent to a worker. */
export interface SharedVisitedBuffers {
  /** The current table and fingerprints: 12 bytes a slot, the claim words then the fingerprints by id (replaced by `grow`). */
  table: SharedArrayBuffer;
  tree: SharedArrayBuffer;
  owner: SharedArrayBuffer;
  counter: SharedArrayBuffer;
  /**
   * Under symmetry, each state's least parent (`relead`), as its id + 1, or 0 where it is the
   * parent in `tree`: 4 bytes a state, in pages written only where another parent came first.
   */
  lead?: SharedArrayBuffer;
  maxStates: number;
  /** The ids the per-id arrays have room for: `maxStates` and the holes. */
  room: number;
  /** The most slots the table may grow to. */
  maxSlots: number;
}

/**
 * A fingerprint's halves mixed into 32 bits (as in `VisitedStates`): the bits of the table's mask
 * pick the slot a probe starts at, the bits above it are the tag kept in the slot's claim word.
 */
function mix(hi: number, lo: number): number {
  const h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  return h ^ (h >>> 15);
}

/** See the file comment. One instance per thread over the same buffers. */
export class SharedVisited {
  #table: Int32Array;
  /** Each claimed id's fingerprint, high half then low, at `2 · id` (ids stay below the slot count). */
  #prints!: Int32Array;
  #mask = 0;
  #growAt = 0;
  readonly #tree: Int32Array;
  readonly #owner: Uint8Array;
  readonly #counter: Int32Array;
  readonly #lead: Int32Array | null;
  readonly maxStates: number;
  readonly #room: number;
  /** Set by `claim` when it returns an existing state: that state's id. */
  seen = -1;
  /** How many ids this thread takes from the counter at once (1: dense ids, as the main thread claims them; see `blockFor`). */
  block = 1;
  /** This thread's block: the next id to hand out, and the end. */
  #next = 0;
  #end = 0;

  constructor(readonly buffers: SharedVisitedBuffers) {
    this.#table = this.useTable(buffers.table);
    this.#tree = new Int32Array(buffers.tree);
    this.#owner = new Uint8Array(buffers.owner);
    this.#counter = new Int32Array(buffers.counter);
    this.#lead = buffers.lead ? new Int32Array(buffers.lead) : null;
    this.maxStates = buffers.maxStates;
    this.#room = buffers.room;
  }

  /**
   * Allocates the buffers for at most `maxStates` states, the table to grow up to `maxSlots`
   * slots; with `lead` (symmetry), the least parents too (`relead`).
   */
  static create(maxStates: number, maxSlots = 2 ** 28, lead = false): SharedVisited {
    const ids = Math.min(maxStates, Math.floor(0.9 * maxSlots));
    // Ids must stay below 95% of the slots (`#full`); 93% leaves the room for holes a margin.
    const room = Math.max(ids, Math.min(ids + Math.ceil(ids / 32) + 4096, Math.floor(0.93 * maxSlots)));
    return new SharedVisited({
      table: new SharedArrayBuffer(Math.min(2 ** 16, maxSlots) * 12),
      tree: new SharedArrayBuffer(room * 8),
      owner: new SharedArrayBuffer(room),
      counter: new SharedArrayBuffer(4 * (OVERS + 1)),
      ...(lead ? { lead: new SharedArrayBuffer(room * 4) } : {}),
      maxStates: ids,
      room,
      maxSlots,
    });
  }

  /** Views `table` (after `grow`, in a worker); returns it. */
  useTable(table: SharedArrayBuffer): Int32Array {
    const slots = table.byteLength / 12;
    this.buffers.table = table;
    this.#table = new Int32Array(table, 0, slots);
    this.#prints = new Int32Array(table, 4 * slots, 2 * slots);
    this.#mask = slots - 1;
    this.#growAt = Math.floor(0.7 * (this.#mask + 1));
    return this.#table;
  }

  /** True once the table is 70% full: the workers should pause for `grow`. */
  get wantsGrowth(): boolean {
    return Atomics.load(this.#counter, GROW_FLAG) !== 0;
  }

  /**
   * Moves every fingerprint into a table 4 times as large (no worker may be claiming) and
   * returns its buffer, for the workers' `useTable`.
   */
  grow(): SharedArrayBuffer {
    const slots = Math.min(4 * (this.#mask + 1), this.buffers.maxSlots);
    if (slots === this.#mask + 1) throw new RangeError(`the shared visited table cannot grow past ${slots} slots`);
    const claimed = Math.min(Atomics.load(this.#counter, 0), this.#mask + 1, this.#room);
    const owner = this.#owner;
    const buffer = new SharedArrayBuffer(slots * 12);
    const table = new Int32Array(buffer, 0, slots);
    const prints = new Int32Array(buffer, 4 * slots, 2 * slots);
    prints.set(this.#prints.subarray(0, 2 * claimed));
    const mask = slots - 1;
    for (let id = 0; id < claimed; id++) {
      if (owner[id] === HOLE) continue;
      const h = mix(prints[2 * id]!, prints[2 * id + 1]!);
      let s = h & mask;
      while (table[s] !== 0) s = (s + 1) & mask;
      table[s] = (h & ~mask) | (id + 1);
    }
    this.useTable(buffer);
    Atomics.store(this.#counter, GROW_FLAG, 0);
    return this.buffers.table;
  }

  /** Bytes the buffers reserve (pages never written cost no memory). */
  get reservedBytes(): number {
    const b = this.buffers;
    return b.table.byteLength + b.tree.byteLength + b.owner.byteLength + (b.lead?.byteLength ?? 0);
  }

  /**
   * The number of states claimed (never more than `maxStates`): exact when no thread holds a
   * block (between levels); during one, the unused ids of the blocks held count too.
   */
  get size(): number {
    const c = this.#counter;
    return Math.min(Atomics.load(c, 0) - Atomics.load(c, HOLES) - Atomics.load(c, OVERS), this.maxStates);
  }

  /** The end of the ids handed out so far, used or not: the level being found has ids from its start to this. */
  get idEnd(): number {
    return Atomics.load(this.#counter, 0);
  }

  /** Whether `id` (from `claim` or `seen`) is a state's, with a path kept: not past the bound. */
  hasPath(id: number): boolean {
    return id < this.#room && this.#owner[id] !== HOLE;
  }

  /**
   * Sets `block` for a level of which this thread expands `share` states: at most 256 ids and at
   * most 1/64 of the share, so that the holes left at the ends of levels stay within the room the
   * per-id arrays keep for them (`create`), and a small level takes its ids one at a time.
   */
  blockFor(share: number): void {
    this.block = Math.max(1, Math.min(256, share >> 6));
  }

  /** Gives up the rest of this thread's block: those ids become holes, never a state's. */
  release(): void {
    this.#owner.fill(HOLE, Math.min(this.#next, this.#room), Math.min(this.#end, this.#room));
    Atomics.add(this.#counter, HOLES, this.#end - this.#next);
    this.#next = this.#end = 0;
  }

  /** Takes the next id for a new state: from this thread's block, or a new block (of one id near the bound). */
  #takeId(): number {
    if (this.#next === this.#end) {
      let block = this.block;
      if (block > 1) {
        const c = this.#counter;
        if (Atomics.load(c, 0) + NEAR_BOUND >= this.maxStates + Atomics.load(c, HOLES)) block = 1;
      }
      this.#next = Atomics.add(this.#counter, 0, block);
      this.#end = this.#next + block;
    }
    return this.#next++;
  }

  /**
   * Looks up the fingerprint `(hi, lo)` and claims it if new: returns the new state's id (and
   * records its parent, action and owner), or `-1` with `seen` set to the existing state's id,
   * or `OVER_BOUND` when the state is new and `maxStates` states are already claimed. A state met
   * again that was itself past the bound gives `-1` with a `seen` that has no path, so a caller
   * checks `hasPath(seen)` before it replays one.
   */
  claim(hi: number, lo: number, parent: number, via: number, owner: number): number {
    const table = this.#table;
    const mask = this.#mask;
    const h = mix(hi, lo);
    const tag = h & ~mask;
    const prints = this.#prints;
    for (let at = h & mask; ; at = (at + 1) & mask) {
      // A plain read: a claim word is written once (0, then BUSY, then final), and a read of it
      // is never torn, so a final word read here is the word; 0 is confirmed by the
      // compareExchange, BUSY by the loads that wait for it.
      let w = table[at]!;
      if (w === 0) {
        w = Atomics.compareExchange(table, at, 0, BUSY);
        if (w === 0) {
          const id = this.#takeId();
          if (id >= this.#growAt) this.#full(tag, id, at, mask, hi, lo);
          prints[2 * id] = hi;
          prints[2 * id + 1] = lo;
          if (id >= this.maxStates && (id >= this.#room || id >= this.maxStates + Atomics.load(this.#counter, HOLES))) {
            // Published all the same, as an id past the bound, so that no other thread waits on it.
            if (id < this.#room) this.#owner[id] = HOLE;
            Atomics.add(this.#counter, OVERS, 1);
            Atomics.store(table, at, tag | (id + 1));
            return OVER_BOUND;
          }
          this.#tree[2 * id] = parent;
          this.#tree[2 * id + 1] = via;
          this.#owner[id] = owner;
          Atomics.store(table, at, tag | (id + 1));
          return id;
        }
      }
      while (w === BUSY) w = Atomics.load(table, at);
      if ((w & ~mask) !== tag) continue;
      const id = (w & mask) - 1;
      if (id < 0) continue;
      // The same tag. The word was read plainly: an atomic read of it (the same final word)
      // orders the fingerprint's reads after the store that published it, so they cannot see the
      // zeros the buffer started with. (On x86-64 loads are not reordered with loads, and this
      // costs a plain load; on weaker memory models it is what makes the reads below safe.)
      Atomics.load(table, at);
      if (prints[2 * id] === hi && prints[2 * id + 1] === lo) {
        this.seen = id;
        return -1;
      }
    }
  }

  /**
   * The id of the state with fingerprint `(hi, lo)`, or -1 when none is claimed (yet). Claims
   * nothing: partial-order reduction's proviso asks whether a successor is older than the level
   * being found, and a state claimed meanwhile by another thread is of that level.
   */
  find(hi: number, lo: number): number {
    const table = this.#table;
    const mask = this.#mask;
    const h = mix(hi, lo);
    const tag = h & ~mask;
    const prints = this.#prints;
    for (let at = h & mask; ; at = (at + 1) & mask) {
      let w = table[at]!;
      if (w === 0) return -1;
      while (w === BUSY) w = Atomics.load(table, at);
      if ((w & ~mask) !== tag) continue;
      const id = (w & mask) - 1;
      if (id < 0) continue;
      // As in claim: the atomic read orders the fingerprint's reads after its publication.
      Atomics.load(table, at);
      if (prints[2 * id] === hi && prints[2 * id + 1] === lo) return id;
    }
  }

  /** Raises the growth flag; past 95% full (the pause never came) publishes the slot and throws. */
  #full(tag: number, id: number, at: number, mask: number, hi: number, lo: number): void {
    Atomics.store(this.#counter, GROW_FLAG, 1);
    // The id must also fit below the tag (only a tiny table, of tests, reaches this first).
    if (id < 0.95 * (mask + 1) && id + 1 < mask) return;
    if (id + 1 < mask) {
      this.#prints[2 * id] = hi;
      this.#prints[2 * id + 1] = lo;
    }
    // An id that does not fit is published as none (id -1, passed over by every probe).
    Atomics.store(this.#table, at, id + 1 < mask ? tag | (id + 1) : tag);
    throw new Error('internal error: the shared visited table filled up before the workers paused to grow it');
  }

  /**
   * Whether the step `via` from a state of fingerprint `(hi, lo)` comes before the step that
   * `child` is recorded as reached by, in the order that makes the parallel search's paths
   * deterministic: by the parent's fingerprint (unsigned, high half first), then by the action's
   * index. Read by a worker during a round, when only the main thread's `reparent`, between
   * rounds, changes a recorded step.
   */
  precedes(child: number, hi: number, lo: number, via: number): boolean {
    const parent = this.#tree[2 * child]!;
    if (parent < 0) return false;
    const order = this.#comparePrint(hi, lo, parent);
    return order !== 0 ? order < 0 : via < this.#tree[2 * child + 1]!;
  }

  /** The order of fingerprint `(hi, lo)` against state `id`'s, unsigned, high half first: negative, zero or positive. */
  #comparePrint(hi: number, lo: number, id: number): number {
    const ph = this.#prints[2 * id]! >>> 0;
    if (hi >>> 0 !== ph) return hi >>> 0 < ph ? -1 : 1;
    const pl = this.#prints[2 * id + 1]! >>> 0;
    return lo >>> 0 === pl ? 0 : lo >>> 0 < pl ? -1 : 1;
  }

  /**
   * Records `child` as reached from `parent` by action `via` when that step comes first
   * (`precedes`). Called by the main thread between rounds, with every step that a worker met
   * into the level just found: each state of the level then keeps the least step into it, not
   * whichever worker claimed it first, so a path (`pathTo`) is the same on every run and with
   * any number of workers.
   */
  reparent(child: number, parent: number, via: number): void {
    if (!this.precedes(child, this.#prints[2 * parent]!, this.#prints[2 * parent + 1]!, via)) return;
    this.#tree[2 * child] = parent;
    this.#tree[2 * child + 1] = via;
  }

  /** The least parent of `id` recorded so far under symmetry (`relead`), else its parent; -1 for an initial state. */
  lead(id: number): number {
    const lead = this.#lead?.[id] ?? 0;
    return lead === 0 ? this.#tree[2 * id]! : lead - 1;
  }

  /**
   * Under symmetry, whether a state of fingerprint `(hi, lo)` comes before `child`'s least
   * parent so far (`lead`), by fingerprint alone: a state keeps the member of its class that its
   * claimer reached, and the steps out of it are that member's, so its path in `tree` must stay
   * the one that reaches it (a state taken over by another worker is rebuilt along it). The least
   * parents are kept beside, for the paths of counterexamples, which follow classes
   * (`classPathTo`).
   */
  precedesLead(child: number, hi: number, lo: number): boolean {
    const parent = this.lead(child);
    return parent >= 0 && this.#comparePrint(hi, lo, parent) < 0;
  }

  /** Records `parent` as `child`'s least parent when it comes first (`precedesLead`); by the main thread, between rounds. */
  relead(child: number, parent: number): void {
    if (this.#lead === null) throw new Error('internal error: relead on a visited set made without least parents');
    if (this.precedesLead(child, this.#prints[2 * parent]!, this.#prints[2 * parent + 1]!)) this.#lead[child] = parent + 1;
  }

  /**
   * Along the least parents (`lead`): the index of the initial state, and the fingerprint of
   * each state after it up to `id`, high half then low.
   */
  classPathTo(id: number): { init: number; prints: number[] } {
    const prints: number[] = [];
    let cur = id;
    for (; this.lead(cur) >= 0; cur = this.lead(cur)) prints.push(this.#prints[2 * cur + 1]!, this.#prints[2 * cur]!);
    return { init: this.via(cur), prints: prints.reverse() };
  }

  /** Whether state `id`'s fingerprint is (hi, lo): a state rebuilt along its path must have it. */
  matches(id: number, hi: number, lo: number): boolean {
    return this.#prints[2 * id] === hi && this.#prints[2 * id + 1] === lo;
  }

  parent(id: number): number {
    return this.#tree[2 * id]!;
  }
  via(id: number): number {
    return this.#tree[2 * id + 1]!;
  }
  owner(id: number): number {
    return this.#owner[id]!;
  }

  /** The actions taken from the initial state to `id`, and the index of that initial state. */
  pathTo(id: number): { init: number; choices: number[] } {
    const choices: number[] = [];
    let cur = id;
    for (; this.parent(cur) >= 0; cur = this.parent(cur)) choices.push(this.via(cur));
    return { init: this.via(cur), choices: choices.reverse() };
  }
}
