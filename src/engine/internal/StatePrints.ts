import type { Model } from '../Model.ts';
import { StructuralFingerprint } from '../StructuralFingerprint.ts';
import { StructuralKeys } from '../StructuralKeys.ts';
import { ClassCache } from './ClassCache.ts';
import { hashText } from './hash64.ts';

/** A fingerprint of content alone, the same in every thread (see `StructuralFingerprint`). */
function fingerprintByContent<S>(): (s: S, into: Int32Array) => void {
  const prints = new StructuralFingerprint();
  return (s, into) => prints.fingerprint(s, into);
}

/**
 * How one search names a state, chosen once from the model's hooks and the options: its key,
 * its 64-bit fingerprint, and under symmetry its class's, remembered by the state's own print.
 * `ModelRunner` calls these and turns their throws into `ModelError`s.
 */
export class StatePrints<S> {
  /** The state's key (under symmetry, its class's): the model's, else the structural key. */
  readonly keyOf: (state: S) => string;
  /**
   * The state's 64-bit fingerprint for the visited set, into `into` (see `hash64.ts`): the
   * model's own `fingerprint`, else a hash of its `key`, else the structural fingerprint; under
   * symmetry, of its class (see `classes`).
   */
  readonly fingerprintOf: (state: S, into: Int32Array) => void;
  /**
   * Under symmetry with fingerprints and no `key` of the model's own: the class prints found so
   * far, by the states' own prints (see `ClassCache`); otherwise null.
   */
  readonly classes: ClassCache | null;
  /**
   * Under symmetry with fingerprints, the print of a state's class worked out afresh, bypassing
   * `classes`: what the contract checks compare the remembered prints with. Otherwise null.
   */
  readonly classPrintOf: ((state: S, into: Int32Array) => void) | null;
  /** The model's function that `fingerprintOf` calls, as an error names it. */
  readonly printName: string;
  /**
   * The default key when it keys the states themselves (no key or fingerprint of the model's own,
   * no representative, not the workers' content hash): told which states are expanded, it keys
   * their successors against them (`ModelRunner.discovered`, `ModelRunner.expanding`).
   */
  readonly structural: StructuralKeys | null;
  /**
   * Whether the class `fingerprintOf` gave last came from `classes`, by the model's
   * `memberFingerprint`: the answer whose contract `ModelRunner.keyInto` samples.
   */
  memberHit = false;
  /** Set while the model's `memberFingerprint` runs, so a throw from it is blamed on it. */
  inMember = false;

  /**
   * `symmetry`: key states by their classes. `exactKeys`: the visited set keeps key text, not
   * fingerprints. `canonical`: fingerprints must be the same in every thread and process (the
   * parallel search), so a model without its own `fingerprint` or `key` is fingerprinted by a hash
   * of its content (`StructuralFingerprint`), not by `StructuralKeys`' fingerprint, whose
   * numbering is one search's own.
   */
  constructor(model: Model<S, unknown>, symmetry: boolean, exactKeys: boolean, canonical: boolean) {
    // Default: hash-consed structure, one numbering per search.
    const structural = model.key ? null : new StructuralKeys();
    const rep = symmetry ? model.representative : undefined;
    const repKey = model.representativeKey;
    const repPrint = model.representativeFingerprint;
    const own = model.fingerprint;
    const base = model.key ? (s: S) => model.key!(s) : (s: S) => structural!.key(s);
    this.keyOf = !rep ? base : repKey ? (s: S) => repKey.call(model, s) : (s: S) => base(rep.call(model, s));
    const ownPrint = own ? (s: S, into: Int32Array) => own.call(model, s, into) : undefined;
    // The print of a state's content: the model's own, a hash of its key, the content hash (the
    // same in every worker), or `keys`' structural print.
    const printOf = (keys: StructuralKeys | null) =>
      ownPrint ??
      (model.key
        ? (s: S, into: Int32Array) => hashText(model.key!(s), into)
        : canonical
          ? fingerprintByContent<S>()
          : (s: S, into: Int32Array) => keys!.fingerprint(s, into));
    // What a throw from the print is blamed on.
    this.printName = rep && repPrint ? 'representativeFingerprint(state)' : own ? 'fingerprint(state)' : 'key(state)';
    if (!rep) {
      this.classes = null;
      this.classPrintOf = null;
      this.structural = structural && (exactKeys || (!canonical && !own)) ? structural : null;
      this.fingerprintOf = printOf(structural);
      return;
    }
    // Under symmetry, the print of the state's class: the model's own, a hash of its
    // `representativeKey` (which need only be canonical for one model object: not in the parallel
    // search), or the print of the representative, by keys of its own.
    let ofClass: (s: S, into: Int32Array) => void;
    if (repPrint) ofClass = (s, into) => repPrint.call(model, s, into);
    else if (repKey && !canonical) ofClass = (s, into) => hashText(repKey.call(model, s), into);
    else {
      const ofRep = printOf(new StructuralKeys());
      ofClass = (s, into) => ofRep(rep.call(model, s), into);
    }
    // With fingerprints, a state's class is remembered by the state's own print (`ClassCache`).
    // Not for a model that keys its states (a key costs what a representative does), nor for a
    // representativeKey of the one-thread search, which is a fast path already.
    const cached = !exactKeys && !model.key && (repPrint !== undefined || !(repKey && !canonical));
    this.classes = cached ? new ClassCache() : null;
    this.classPrintOf = ofClass;
    // The state's own print, the cache's key: the model's member print (see `memberFingerprint`),
    // its fingerprint, or the parent-hinted structural print (the cache is the worker's own).
    const member = repPrint ? model.memberFingerprint : undefined;
    const memberPrint = member
      ? (s: S, into: Int32Array) => {
          this.inMember = true;
          member.call(model, s, into);
          this.inMember = false;
        }
      : undefined;
    this.structural = cached && !own && !member ? structural : null;
    this.fingerprintOf = this.classes ? this.cachedClass(this.classes, memberPrint ?? ownPrint ?? ((s, into) => structural!.fingerprint(s, into)), ofClass, member !== undefined) : ofClass;
  }

  /**
   * `ofClass` behind `cache`, keyed by `ofState`: a representative only for a state not met
   * before. `byMember`: `ofState` is the model's `memberFingerprint`, whose answers
   * `ModelRunner.keyInto` samples.
   */
  private cachedClass(cache: ClassCache, ofState: (s: S, into: Int32Array) => void, ofClass: (s: S, into: Int32Array) => void, byMember: boolean): (s: S, into: Int32Array) => void {
    const print = new Int32Array(2);
    return (s, into) => {
      ofState(s, print);
      if (cache.get(print[0]!, print[1]!, into)) {
        this.memberHit = byMember;
        return;
      }
      this.memberHit = false;
      ofClass(s, into);
      cache.set(print[0]!, print[1]!, into[0]!, into[1]!);
    };
  }
}
