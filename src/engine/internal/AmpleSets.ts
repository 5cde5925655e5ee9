import type { TraceStep } from '../CheckResult.ts';
import { ModelError } from '../CheckerError.ts';
import type { ActionFootprint, Footprint, Independence, ReachFootprint } from '../Independence.ts';
import type { Model } from '../Model.ts';
import type { Property } from '../Property.ts';

type Trace = readonly TraceStep<unknown, unknown>[];

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** True when `a` writes what `b` reads or writes, or `b` writes what `a` reads. */
function conflict(aReads: ReadonlySet<string>, aWrites: ReadonlySet<string>, b: Footprint): boolean {
  for (const r of b.writes) if (aWrites.has(r) || aReads.has(r)) return true;
  for (const r of b.reads) if (aWrites.has(r)) return true;
  return false;
}

/** True when some resource of `writes` is in `reads`. */
function touches(writes: Iterable<string>, reads: ReadonlySet<string>): boolean {
  for (const r of writes) if (reads.has(r)) return true;
  return false;
}

/**
 * An ample set: the indices of its actions, and the open properties its actions were found
 * invisible to, which they must leave as they were (the search checks that).
 */
export interface AmpleChoice<S> {
  actions: readonly number[];
  unchanged: readonly Property<S>[];
}

/**
 * Chooses ample sets for partial-order reduction from the model's `Independence` declaration:
 * the enabled actions of one actor `P` whose footprints, together, conflict with nothing any
 * other actor may still do (its `reach`). Such a set is persistent (Godefroid 1996, def. 4.1):
 * along any path from the state that takes none of them, every action is another actor's, acts
 * on resources `P`'s actions neither read nor write, so it commutes with them and neither enables
 * nor disables them, and `P` can enable no other action of its own (guarantee 2 of
 * `Independence`). That is the classic C1. C0 holds because `P` has an enabled action. C2 is
 * owed to each undecided `always` or `sometimes` property (`open`), one of three ways:
 * - the property is `stable`: a path that skips the set and reaches a state deciding it still
 *   decides it once the set's action is appended;
 * - the set's actions are invisible to it: by its `reads`, which their writes miss, or, when it
 *   declares none, by their `visible` flags;
 * - only `P` can change it: no other actor's reach writes what it `reads`, so a path that skips
 *   the set leaves it as it was.
 * The cycle proviso C3 is the search's (see `checkExhaustive`).
 */
export class AmpleSets<S, A> {
  constructor(
    private readonly model: Model<S, A>,
    private readonly independence: Independence<S, A>,
    private readonly format: (action: A) => string,
  ) {}

  /**
   * An ample set smaller than `acts`, or null when the state must be expanded fully.
   * Deterministic: the qualifying actor with the fewest enabled actions, the first in `acts`
   * order among equals. `open` are the undecided `always` and `sometimes` properties, each owed
   * C2. Throws `ModelError` when the declaration misbehaves.
   */
  select(state: S, acts: readonly A[], open: readonly Property<S>[], trace: () => Trace): AmpleChoice<S> | null {
    if (acts.length < 2) return null;
    const byActor = new Map<string, number[]>();
    const prints: ActionFootprint[] = [];
    for (let i = 0; i < acts.length; i++) {
      const fp = this.call(() => this.independence.footprint(state, acts[i]!), () => `footprint(state, ${this.format(acts[i]!)})`, trace);
      if (!fp || typeof fp.actor !== 'string' || !Array.isArray(fp.reads) || !Array.isArray(fp.writes)) {
        this.fail('bad-footprint', `footprint(state, ${this.format(acts[i]!)}) must return { actor, reads, writes }`, trace);
      }
      prints.push(fp);
      const mine = byActor.get(fp.actor);
      if (mine) mine.push(i);
      else byActor.set(fp.actor, [i]);
    }
    if (byActor.size < 2) return null;
    // Stable properties are owed nothing; the others by their reads, or by the visible flags.
    const owed = open.filter((p) => !p.stable);
    const flagged = owed.filter((p) => !p.reads);
    const declared = owed.filter((p) => p.reads);
    // The flags first: while every actor has a visible action (as in a world that declares all
    // of them visible) and a property relies on the flags, the reach is not worth asking for.
    const candidates = [...byActor.entries()].filter(([, mine]) => flagged.length === 0 || mine.every((i) => prints[i]!.visible === false)).sort((x, y) => x[1].length - y[1].length);
    if (candidates.length === 0) return null;
    const reads = declared.map((p) => this.readsOf(p, state, trace));
    const reach = this.call(() => this.independence.reach(state), () => 'reach(state)', trace);
    if (reach === null || typeof reach !== 'object') this.fail('bad-reach', 'reach(state) must return an object keyed by actor', trace);
    for (const actor in reach) {
      const f = reach[actor];
      if (!f || !Array.isArray(f.reads) || !Array.isArray(f.writes) || (f.awaits !== undefined && !Array.isArray(f.awaits))) {
        this.fail('bad-reach', `reach(state).${actor} must be { reads: string[], writes: string[], awaits?: string[] }`, trace);
      }
    }
    for (let i = 0; i < acts.length; i++) this.checkWithinReach(prints[i]!, reach, acts[i]!, trace);
    const actors = Object.keys(reach);
    for (const [actor, mine] of candidates) {
      const actorReads = new Set<string>();
      const actorWrites = new Set<string>();
      for (const i of mine) {
        for (const r of prints[i]!.reads) actorReads.add(r);
        for (const r of prints[i]!.writes) actorWrites.add(r);
      }
      // What another actor only awaits is not counted (`ReachFootprint.awaits`): on a path that
      // skips this actor, it reads such a resource only after a third actor wrote it, and a third
      // actor that may write what this actor writes conflicts with it here already.
      if (actors.some((other) => other !== actor && conflict(actorReads, actorWrites, reach[other]!))) continue;
      const unchanged: Property<S>[] = [...flagged];
      let qualifies = true;
      for (let j = 0; j < declared.length && qualifies; j++) {
        if (!touches(actorWrites, reads[j]!)) unchanged.push(declared[j]!);
        else qualifies = actors.every((other) => other === actor || !touches(reach[other]!.writes, reads[j]!));
      }
      if (qualifies) return { actions: mine, unchanged };
    }
    return null;
  }

  /** `p.reads(state)`, as a set; a `ModelError` when it throws or is not a list of names. */
  private readsOf(p: Property<S>, state: S, trace: () => Trace): ReadonlySet<string> {
    let names: unknown;
    try {
      names = p.reads!(state);
    } catch (err) {
      throw new ModelError('property-threw', `model ${this.model.name}: reads(state) of property "${p.name}" threw ${describe(err)}`, 'Fix the property\'s reads, or check without reduction.', trace(), err);
    }
    if (!Array.isArray(names) || names.some((r) => typeof r !== 'string')) {
      throw new ModelError('bad-property', `model ${this.model.name}: reads(state) of property "${p.name}" must return a list of resource names`, 'Return the names of the resources its truth depends on, as the footprints name them.', trace());
    }
    return new Set(names as string[]);
  }

  /** Calls into the declaration; `what` names the call (built only for an error: a label can cost). */
  private call<T>(fn: () => T, what: () => string, trace: () => Trace): T {
    try {
      return fn();
    } catch (err) {
      const call = what();
      throw new ModelError('independence-threw', `model ${this.model.name}: independence.${call} threw ${describe(err)}`, `Fix independence.${call.replace(/\(.*/, '')}, or check without reduction.`, trace(), err);
    }
  }

  /**
   * Guarantee 3, on the action at hand: its actor is in `reach`, and its footprint within it. An
   * enabled action reads nothing its actor only awaits (`ReachFootprint.awaits`): it would be
   * reading it before anybody changed it.
   */
  private checkWithinReach(fp: ActionFootprint, reach: Readonly<Record<string, ReachFootprint>>, action: A, trace: () => Trace): void {
    const bound = Object.hasOwn(reach, fp.actor) ? reach[fp.actor] : undefined;
    if (!bound) this.fail('footprint-outside-reach', `action ${this.format(action)} is performed by ${fp.actor}, which reach(state) does not list`, trace);
    // Footprints are short lists: a scan costs less than building sets.
    let inside = true;
    for (const r of fp.writes) if (!bound.writes.includes(r)) inside = false;
    for (const r of fp.reads) if (!bound.reads.includes(r) && !bound.writes.includes(r)) inside = false;
    if (!inside) {
      const awaited = [...new Set(fp.reads)].filter((r) => !bound.reads.includes(r) && !bound.writes.includes(r) && bound.awaits?.includes(r));
      if (awaited.length > 0) this.fail('enabled-action-reads-awaited', `action ${this.format(action)} of ${fp.actor} reads ${awaited.join(', ')}, which reach(state) says ${fp.actor} only awaits: an enabled action reads it now, before any other actor changed it`, trace);
      const stray = [...fp.reads.filter((r) => !bound.reads.includes(r) && !bound.writes.includes(r)), ...fp.writes.filter((r) => !bound.writes.includes(r))];
      this.fail('footprint-outside-reach', `action ${this.format(action)} of ${fp.actor} touches ${stray.join(', ')}, outside what reach(state) allows ${fp.actor}`, trace);
    }
  }

  private fail(code: string, what: string, trace: () => Trace): never {
    throw new ModelError(code, `model ${this.model.name}: independence: ${what}`, 'The reduction trusts the independence declaration; see src/engine/Independence.ts for what it must guarantee. Fix it, or check without reduction.', trace());
  }
}
