import type { TraceStep } from '../CheckResult.ts';
import { checkSameActions } from '../checkExhaustive.ts';
import type { Model } from '../Model.ts';
import { NondeterminismError } from '../CheckerError.ts';
import type { Property } from '../Property.ts';
import { shouldSample } from './ContractChecks.ts';
import { followPath, PathBroken, REPLAY_DIVERGED_HINT } from './followPath.ts';
import { type Frontier, ObjectFrontier, PackedFrontier, type Packer } from './Frontier.ts';
import { GrowableInts } from './GrowableInts.ts';
import { KeyWitness } from './KeyWitness.ts';
import { heapInUseMb, liveHeapMb } from './liveHeapMb.ts';
import { ModelRunner } from './ModelRunner.ts';
import { Control, type Candidate, type PackedLevel, type ResumeOrder, type RoundOrder, type WorkerReport, type WorkerSetup } from './parallelWorker.ts';
import { OVER_BOUND, SharedVisited } from './SharedVisited.ts';
import { Reducer, type ReducerCounts } from './Reducer.ts';
import { Subsumer } from './Subsumer.ts';
import { StateKey } from './VisitedStates.ts';

type Trace = TraceStep<unknown, unknown>[];

/**
 * States a worker claims at once (`LevelExpander#claim`): a compare-and-swap per run, not per
 * state, and few enough that a worker that runs out finds runs left to take from the others.
 */
const RUN = 16;

/**
 * One worker's frontier and the expansion of it, level by level: `runParallelWorker` (in
 * `parallelWorker.ts`) builds one per worker thread and hands it each order of the main thread.
 * Runs in that thread only; the states it discovers never leave it, except packed, as copies.
 *
 * The level being expanded and the next one are `Frontier`s, as with one worker: packed with the
 * model's codec when it has one (its round trip sampled here as there), else the state objects;
 * every id kept, since this worker's ids are not consecutive and it takes states over from
 * others. Beside them, each state's fingerprint (`#prints`, two words a state), so that a step
 * back to the state being expanded is told without a probe of the shared table, and a terminal
 * state's candidate needs no fingerprint computed again.
 */
export class LevelExpander<S, A> {
  readonly #runner: ModelRunner<S, A>;
  /** A second model object's fingerprints of sampled new states (see `KeyWitness`), or null. */
  readonly #witness: KeyWitness<S, A> | null;
  readonly #visited: SharedVisited;
  readonly #key = new StateKey();
  #frontier: Frontier<S>;
  /** Each frontier state's fingerprint, high half then low (shared memory when packed). */
  #prints: GrowableInts;
  #dupes = 0;
  #expanded = 0;
  // The state being expanded and the one being discovered, for the traces of a model error: two
  // closures over mutable ids, rather than one closure per state.
  #expandedId = -1;
  #discoveredId = -1;
  readonly #expandedTrace = () => this.traceTo(this.#expandedId) as Trace;
  readonly #discoveredTrace = () => this.traceTo(this.#discoveredId) as Trace;

  /**
   * Keys with the model's own runner (symmetry as the search asks), over the shared table of
   * `setup`; `witness`, a second model object built from the same source, checks on sampled new
   * states that the fingerprints do not depend on the model object (`KeyWitness`).
   */
  constructor(
    readonly model: Model<S, A>,
    readonly setup: WorkerSetup,
    readonly control: Int32Array,
    witness: Model<S, A> | null = null,
  ) {
    this.#runner = new ModelRunner(model, setup.symmetry, false, true, setup.subsumption);
    if (setup.reduction) this.#reducer = new Reducer(model, this.#runner, this.#counts);
    if (setup.subsumption) this.#subsumer = new Subsumer(this.#runner);
    this.#witness = witness === null ? null : new KeyWitness(witness, setup.symmetry, setup.subsumption);
    this.#visited = new SharedVisited(setup.visited);
    const packer = this.#runner.packer(this.#discoveredTrace, this.#expandedTrace);
    this.#packer = packer;
    this.#words = packer?.words ?? 0;
    this.#shared = packer !== null && !packer.local;
    // A packed level is sent to the main thread after each round, which keeps every buffer it
    // was sent until it collects garbage, which it hardly ever does: the buffers start with room
    // for 64 MB a level (or maxStates states), pages that cost memory only once written, so
    // they seldom grow and leave few old ones behind.
    const room = packer ? Math.max(1024, Math.min(this.#visited.maxStates, Math.floor(2 ** 24 / (packer.words + 3)))) : 1024;
    const newFrontier = (): Frontier<S> => (packer ? new PackedFrontier(packer, true, true, room) : new ObjectFrontier<S>());
    this.#frontier = newFrontier();
    this.#next = newFrontier();
    this.#prints = new GrowableInts(2 * room, packer !== null);
    this.#nextPrints = new GrowableInts(2 * room, packer !== null);
  }

  /** Partial-order reduction, when the search asked for it (as with one worker: `Reducer`). */
  readonly #reducer: Reducer<S, A> | null = null;
  /** What the reduction did this round. */
  readonly #counts: ReducerCounts = { reducedStates: 0, provisoExpansions: 0, skippedTransitions: 0 };
  /** Subsumption by budgets, when the search asked for it (as with one worker: `Subsumer`). */
  readonly #subsumer: Subsumer<S, A> | null = null;
  /** Whether it applies this round: no `sometimes` property was undecided when it started (as with one worker). */
  #subsumeHere = false;
  /** The states it skipped this round. */
  #subsumed = 0;
  /** The properties owed C2 this round: those undecided when it started (as with one worker). */
  #watched: Property<S>[] = [];
  #nextDepthStart = 0;

  /** Words a packed state takes (0: the frontier keeps objects). */
  readonly #words: number;
  /** The model's codec, checked (`ModelRunner.packer`), or null: it unpacks the states taken from others' levels too. */
  readonly #packer: Packer<S> | null;
  /**
   * Whether this worker's packed levels go to the main thread, for other workers to copy states
   * from: not when the codec's words are its own (`StateCodec.local`); a taker then replays.
   */
  readonly #shared: boolean;

  /** Takes state `id` over from `giver`'s packed level, a copy of its words and fingerprint; false if not there. */
  #copy(giver: PackedLevel, id: number): boolean {
    const { ids } = giver;
    let low = 0;
    let high = giver.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const at = ids[mid]!;
      if (at < id) low = mid + 1;
      else if (at > id) high = mid - 1;
      else {
        (this.#frontier as PackedFrontier<S>).pushPacked(giver.words, mid * this.#words, id);
        this.#prints.push(giver.prints[2 * mid]!);
        this.#prints.push(giver.prints[2 * mid + 1]!);
        return true;
      }
    }
    return false;
  }

  /** The fingerprints of the initial states, for the main thread to check this is its model. */
  initialFingerprints(): number[] {
    const out: number[] = [];
    for (const s of this.#runner.initial()) {
      this.#runner.keyInto(this.#key, s, () => [{ action: null, state: s }]);
      out.push(this.#key.fingerprint[0]!, this.#key.fingerprint[1]!);
    }
    return out;
  }

  /** The trace to state `id`, replayed from its initial state along the shared tree. */
  traceTo(id: number): TraceStep<S, A>[] {
    const { init, choices } = this.#visited.pathTo(id);
    const result = followPath(this.#runner, init, choices);
    if (result instanceof PathBroken) throw result.nondeterminism(this.model.name);
    return result;
  }

  // One level's work in progress, kept across a pause for the table's growth.
  #depth = 0;
  /**
   * The run of states being expanded (`#claim`): positions `#runAt` to `#runEnd` of this worker's
   * own frontier (`#runLevel` undefined), or of another worker's packed level `#runLevel`.
   */
  #runLevel: PackedLevel | undefined;
  #runAt = 0;
  #runEnd = 0;
  /** Whether this worker's own cursor has passed the end of its frontier. */
  #ownDone = false;
  /** The other workers' levels of this round that runs may be taken from, and how far (`RoundOrder.steal`). */
  #steal: readonly (PackedLevel | undefined)[] = [];
  #stealable: readonly number[] = [];
  #next: Frontier<S>;
  #nextPrints: GrowableInts;
  #transitions = 0;
  #reason: string | undefined;
  #best = new Map<string, Candidate>();
  #witnessed: string[] = [];
  /**
   * The steps of this round into states of the next level that another step had claimed, and
   * that come before the step recorded for them (`SharedVisited.precedes`): child, parent and
   * action, three ints a step, for the main thread's `SharedVisited.reparent`.
   */
  readonly #reparents = new GrowableInts(3 * 1024, true);
  #always: Property<S>[] = [];
  #quiescent: Property<S>[] = [];
  #sometimes: Property<S>[] = [];
  /** The report of the level, once finished (sent again if asked to resume). */
  #finished: WorkerReport | undefined;

  /** Starts a level (`RoundOrder`), or resumes it with the grown table (`ResumeOrder`). */
  expand(order: RoundOrder | ResumeOrder): WorkerReport {
    if ('resume' in order) {
      this.#visited.useTable(order.resume);
      return this.#finished ?? this.#run();
    }
    this.#finished = undefined;
    this.#depth = order.depth;
    this.#runLevel = undefined;
    this.#runAt = this.#runEnd = 0;
    this.#ownDone = false;
    this.#steal = order.steal ?? [];
    this.#stealable = order.stealable ?? [];
    // The level expanded last, emptied for reuse as the next one.
    this.#next.clear();
    this.#nextPrints.clear();
    this.#transitions = 0;
    this.#reason = undefined;
    this.#best = new Map();
    this.#witnessed = [];
    this.#reparents.clear();
    if (order.drop > 0) {
      const keep = this.#frontier.length - order.drop;
      this.#frontier.truncate(keep);
      this.#prints.truncate(2 * keep);
    }
    for (const id of order.adopt) {
      const giver = this.#shared ? order.from?.[this.#visited.owner(id)] : undefined;
      if (giver && this.#copy(giver, id)) continue;
      const trace = this.traceTo(id);
      const state = trace[trace.length - 1]!.state;
      this.#runner.keyInto(this.#key, state, () => trace as Trace);
      // The state rebuilt must be the one its claimer expanded: else a model that is not
      // deterministic, or a tree whose step into a state was moved (under symmetry it must stay
      // the step into the member kept), would have this worker search another state.
      if (!this.#visited.matches(id, this.#key.fingerprint[0]!, this.#key.fingerprint[1]!)) {
        throw new NondeterminismError(
          'nondeterministic-model',
          `model ${this.model.name} is not deterministic: replaying the path to a state at depth ${trace.length - 1}, handed from one worker to another, reached a different state than during exploration`,
          REPLAY_DIVERGED_HINT,
          trace,
        );
      }
      this.#discoveredId = id;
      this.#frontier.push(state, id);
      this.#prints.push(this.#key.fingerprint[0]!);
      this.#prints.push(this.#key.fingerprint[1]!);
    }
    this.#visited.blockFor(this.#frontier.length);
    const skip = new Set(order.skip);
    const live = (p: Property<S>) => !skip.has(p.name);
    this.#always = this.model.properties.filter((p) => p.kind === 'always' && live(p));
    this.#quiescent = this.model.properties.filter((p) => p.kind === 'atQuiescence' && live(p));
    this.#sometimes = this.model.properties.filter((p) => p.kind === 'sometimes' && live(p));
    this.#watched = [...this.#always, ...this.#sometimes];
    this.#subsumeHere = this.#subsumer !== null && this.#sometimes.length === 0;
    this.#subsumed = 0;
    this.#nextDepthStart = order.nextDepthStart;
    this.#counts.reducedStates = this.#counts.provisoExpansions = this.#counts.skippedTransitions = 0;
    return this.#run();
  }

  /** Whether a state met before the level covers `ns`, a new state reached by `action`, whose key is in `#key`. */
  #covered(ns: S, action: A): boolean {
    const find = (k: StateKey) => this.#visited.find(k.fingerprint[0]!, k.fingerprint[1]!);
    return this.#subsumer!.dominator(ns, this.#key, this.#nextDepthStart, find, this.#expandedTrace, action) !== -1;
  }

  #offer(p: Property<S>, id: number, at: number, hi: number, lo: number): void {
    const had = this.#best.get(p.name);
    if (!had || (hi >>> 0) < (had.hi >>> 0) || (hi === had.hi && lo >>> 0 < had.lo >>> 0)) this.#best.set(p.name, { property: p.name, id, depth: at, hi, lo });
  }

  /**
   * Claims the next run of up to `RUN` states to expand: from this worker's own frontier while
   * its cursor (`Control.Cursors`, shared) has not passed the end, then from another worker's
   * level, by moving that worker's cursor with a compare-and-swap, below the part of its level
   * that it may give away (`RoundOrder.stealable`). A run claimed is claimed by one worker only.
   * False when nothing is left to claim: the level ends for this worker.
   */
  #claim(): boolean {
    const me = this.setup.index;
    if (!this.#ownDone) {
      const at = Atomics.add(this.control, Control.Cursors + me, RUN);
      if (at < this.#frontier.length) return this.#take(undefined, at, Math.min(at + RUN, this.#frontier.length));
      this.#ownDone = true;
    }
    const n = this.#steal.length;
    for (let k = 1; k < n; k++) {
      const w = (me + k) % n;
      // `steal` comes only when every worker sent its level (`checkParallel`).
      const limit = this.#stealable[w]!;
      for (;;) {
        const at = Atomics.load(this.control, Control.Cursors + w);
        if (at >= limit) break;
        const end = Math.min(at + RUN, limit);
        if (Atomics.compareExchange(this.control, Control.Cursors + w, at, end) === at) return this.#take(this.#steal[w]!, at, end);
      }
    }
    return false;
  }

  #take(level: PackedLevel | undefined, at: number, end: number): true {
    this.#runLevel = level;
    this.#runAt = at;
    this.#runEnd = end;
    return true;
  }

  /** Expands this worker's share of the level, run by run (`#claim`), until none is left, a stop, or a pause for growth. */
  #run(): WorkerReport {
    const runner = this.#runner;
    const visited = this.#visited;
    const key = this.#key;
    const depth = this.#depth;
    const me = this.setup.index;
    const always = this.#always;
    const quiescent = this.#quiescent;
    const sometimes = this.#sometimes;
    const expandedTrace = this.#expandedTrace;
    const discoveredTrace = this.#discoveredTrace;
    const next = this.#next;
    const nextPrints = this.#nextPrints;
    let transitions = 0;
    let reason: string | undefined;
    const { maxDepth, deadline, maxMemoryMb } = this.setup;
    const frontier = this.#frontier;
    const prints = this.#prints;
    expansion: for (;;) {
      if (this.#runAt >= this.#runEnd) {
        // Between two runs: an atomic load costs more than a plain one, and between the growth
        // flag and the pause the table takes at most a run's successors, far below the 25% left.
        if (Atomics.load(this.control, Control.Stop) !== 0) break;
        if (visited.wantsGrowth) {
          this.#transitions += transitions;
          visited.release();
          return { type: 'paused' };
        }
        if (!this.#claim()) break;
      }
      const f = this.#runAt++;
      if ((++this.#expanded & 1023) === 0) {
        if (deadline !== null && Date.now() >= deadline) {
          reason = `time limit of ${this.setup.timeoutMs} ms reached at depth ${depth}`;
          break;
        }
        if (heapInUseMb() >= maxMemoryMb && liveHeapMb() >= 0.95 * maxMemoryMb) {
          reason = `memory bound of ${maxMemoryMb} MB per worker reached at depth ${depth} with ${visited.size} states (raise the heap with NODE_OPTIONS=--max-old-space-size=MB, or check a smaller scope)`;
          break;
        }
      }
      // A state of another worker's level: its words, id and fingerprint as that worker sent them.
      const level = this.#runLevel;
      const id = level ? level.ids[f]! : frontier.id(f);
      this.#expandedId = id;
      const state = level ? this.#packer!.unpack(level.words, f * this.#words) : frontier.state(f);
      const selfHi = level ? level.prints[2 * f]! : prints.get(2 * f);
      const selfLo = level ? level.prints[2 * f + 1]! : prints.get(2 * f + 1);
      const acts = runner.actions(state, expandedTrace);
      if (acts.length === 0) {
        this.#subsumer?.checkTerminal(state, expandedTrace);
        for (const p of quiescent) if (!runner.holds(p, state, expandedTrace)) this.#offer(p, id, depth, selfHi, selfLo);
        continue;
      }
      if (depth >= maxDepth) {
        this.#reason ??= `depth bound of ${maxDepth} reached with actions still enabled`;
        continue;
      }
      // The proviso's older states were all claimed before the round began, so what another
      // thread claims meanwhile cannot change the choice.
      const chosen = this.#reducer ? this.#reducer.choose(state, acts, this.#watched, this.#nextDepthStart, key, (k) => visited.find(k.fingerprint[0]!, k.fingerprint[1]!), expandedTrace) : null;
      const count = chosen ? chosen.length : acts.length;
      for (let c = 0; c < count; c++) {
        const i = chosen ? chosen[c]! : c;
        const action = acts[i]!;
        const ns = (this.#reducer ? this.#reducer.early.get(i) : undefined) ?? runner.next(state, action, expandedTrace);
        transitions++;
        runner.keyInto(key, ns, expandedTrace, action);
        const hi = key.fingerprint[0]!;
        const lo = key.fingerprint[1]!;
        // A step back to the state being expanded (a self-loop: a message received again) is told
        // by comparing fingerprints, without a probe of the shared table, as with one worker.
        const loop = hi === selfHi && lo === selfLo;
        // A new state that one met before covers is skipped, before it is claimed: a fully
        // expanded state's successor only, as with one worker.
        if (!loop && chosen === null && this.#subsumeHere && visited.find(hi, lo) === -1 && this.#covered(ns, action)) {
          this.#subsumed++;
          continue;
        }
        const got = loop ? -1 : visited.claim(hi, lo, id, i, me);
        if (got === OVER_BOUND) {
          reason = `state bound of ${visited.maxStates} distinct states reached at depth ${depth + 1}`;
          Atomics.store(this.control, Control.Stop, 1);
          break expansion;
        }
        if (got >= 0) {
          this.#discoveredId = got;
          this.#witness?.check(ns, hi, lo, discoveredTrace, action);
          next.push(ns, got);
          nextPrints.push(hi);
          nextPrints.push(lo);
          for (const p of always) {
            if (runner.holds(p, ns, discoveredTrace)) continue;
            // The reduction trusted a stable property: it must stay violated one step on.
            if (p.stable) this.#reducer?.checks.checkStable(p, false, ns, discoveredTrace);
            this.#offer(p, got, depth + 1, hi, lo);
          }
          for (let j = 0; j < sometimes.length; j++) {
            const p = sometimes[j]!;
            if (runner.holds(p, ns, discoveredTrace)) {
              if (p.stable) this.#reducer?.checks.checkStable(p, true, ns, discoveredTrace);
              this.#witnessed.push(p.name);
              sometimes.splice(j--, 1);
            }
          }
        } else {
          const seen = visited.seen;
          // A step into a state of the next level that another step claimed first: the least
          // of them is its parent once the round is over, whoever claimed it (under symmetry,
          // its least parent, kept beside: `SharedVisited.precedesLead`).
          if (
            !loop &&
            seen >= this.#nextDepthStart &&
            visited.hasPath(seen) &&
            (this.setup.symmetry ? visited.precedesLead(seen, selfHi, selfLo) : visited.precedes(seen, selfHi, selfLo, i))
          ) {
            const reparents = this.#reparents;
            reparents.push(seen);
            reparents.push(id);
            reparents.push(i);
          }
          if (shouldSample(++this.#dupes) && (loop || visited.hasPath(seen))) {
            const first = this.traceTo(loop ? id : seen);
            const revisit = () => [...this.traceTo(id), { action, state: ns }] as Trace;
            if (!this.setup.symmetry) checkSameActions(runner, ns, first, revisit);
            runner.checkRevisit(ns, first, revisit, depth + 1);
          }
        }
      }
    }
    this.#transitions += transitions;
    visited.release();
    reason ??= this.#reason;
    if (reason !== undefined) Atomics.store(this.control, Control.Stop, 1);
    // The next level becomes this one; the one just expanded is emptied when the next round starts.
    this.#next = frontier;
    this.#frontier = next;
    this.#nextPrints = prints;
    this.#prints = nextPrints;
    const packed = this.#shared ? (next as PackedFrontier<S>) : null;
    this.#finished = {
      type: 'round',
      transitions: this.#transitions,
      discovered: next.length,
      frontier: next.length,
      ...(packed ? { packed: { words: packed.packed, ids: packed.ids!, prints: nextPrints.values, length: next.length } } : {}),
      candidates: [...this.#best.values()],
      reparents: this.#reparents.values.subarray(0, this.#reparents.length),
      witnessed: this.#witnessed,
      ...(this.#reducer ? { reduction: { ...this.#counts } } : {}),
      ...(this.#subsumer ? { subsumed: this.#subsumed } : {}),
      ...(this.#runner.classes ? { classOdds: this.#runner.classes.collisionProbability } : {}),
      ...(reason === undefined ? {} : { reason }),
    };
    return this.#finished;
  }
}
