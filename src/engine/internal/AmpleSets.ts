import type { TraceStep } from '../CheckResult.ts';
import { ModelError } from '../CheckerError.ts';
import type { ActionFootprint, Footprint, Independence } from '../Independence.ts';
import type { Model } from '../Model.ts';

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

/**
 * Chooses ample sets for partial-order reduction from the model's `Independence` declaration:
 * the enabled actions of one actor `P` whose footprints, together, conflict with nothing any
 * other actor may still do (its `reach`). Such a set is persistent (Godefroid 1996, def. 4.1):
 * along any path from the state that takes none of them, every action is another actor's, acts
 * on resources `P`'s actions neither read nor write, so it commutes with them and neither enables
 * nor disables them, and `P` can enable no other action of its own (guarantee 2 of
 * `Independence`). That is the classic C1. C0 holds because `P` has an enabled action. C2
 * (no visible action in a reduced set) is applied when the caller asks (while an `always` or
 * `sometimes` property is undecided); the cycle proviso C3 is the search's (see `checkExhaustive`).
 */
export class AmpleSets<S, A> {
  constructor(
    private readonly model: Model<S, A>,
    private readonly independence: Independence<S, A>,
    private readonly format: (action: A) => string,
  ) {}

  /**
   * The indices into `acts` of an ample set smaller than `acts`, or null when the state must be
   * expanded fully. Deterministic: the qualifying actor with the fewest enabled actions, the
   * first in `acts` order among equals. With `invisibleOnly`, only sets of invisible actions
   * qualify (C2). Throws `ModelError` when the declaration misbehaves.
   */
  select(state: S, acts: readonly A[], invisibleOnly: boolean, trace: () => Trace): number[] | null {
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
    // C2 first: while every actor has a visible action (as in a world that declares all of them
    // visible), the reach is not worth asking for.
    const candidates = [...byActor.entries()].filter(([, mine]) => !invisibleOnly || mine.every((i) => prints[i]!.visible === false)).sort((x, y) => x[1].length - y[1].length);
    if (candidates.length === 0) return null;
    const reach = this.call(() => this.independence.reach(state), () => 'reach(state)', trace);
    if (reach === null || typeof reach !== 'object') this.fail('bad-reach', 'reach(state) must return an object keyed by actor', trace);
    for (const actor in reach) {
      const f = reach[actor];
      if (!f || !Array.isArray(f.reads) || !Array.isArray(f.writes)) this.fail('bad-reach', `reach(state).${actor} must be { reads: string[], writes: string[] }`, trace);
    }
    for (let i = 0; i < acts.length; i++) this.checkWithinReach(prints[i]!, reach, acts[i]!, trace);
    for (const [actor, mine] of candidates) {
      const reads = new Set<string>();
      const writes = new Set<string>();
      for (const i of mine) {
        for (const r of prints[i]!.reads) reads.add(r);
        for (const r of prints[i]!.writes) writes.add(r);
      }
      let independent = true;
      for (const other of Object.keys(reach)) {
        if (other !== actor && conflict(reads, writes, reach[other]!)) {
          independent = false;
          break;
        }
      }
      if (independent) return mine;
    }
    return null;
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

  /** Guarantee 3, on the action at hand: its actor is in `reach`, and its footprint within it. */
  private checkWithinReach(fp: ActionFootprint, reach: Readonly<Record<string, Footprint>>, action: A, trace: () => Trace): void {
    const bound = Object.hasOwn(reach, fp.actor) ? reach[fp.actor] : undefined;
    if (!bound) this.fail('footprint-outside-reach', `action ${this.format(action)} is performed by ${fp.actor}, which reach(state) does not list`, trace);
    // Footprints are short lists: a scan costs less than building sets.
    let inside = true;
    for (const r of fp.writes) if (!bound.writes.includes(r)) inside = false;
    for (const r of fp.reads) if (!bound.reads.includes(r) && !bound.writes.includes(r)) inside = false;
    if (!inside) {
      const stray = [...fp.reads.filter((r) => !bound.reads.includes(r) && !bound.writes.includes(r)), ...fp.writes.filter((r) => !bound.writes.includes(r))];
      this.fail('footprint-outside-reach', `action ${this.format(action)} of ${fp.actor} touches ${stray.join(', ')}, outside what reach(state) allows ${fp.actor}`, trace);
    }
  }

  private fail(code: string, what: string, trace: () => Trace): never {
    throw new ModelError(code, `model ${this.model.name}: independence: ${what}`, 'The reduction trusts the independence declaration; see src/engine/Independence.ts for what it must guarantee. Fix it, or check without reduction.', trace());
  }
}
