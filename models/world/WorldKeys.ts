import type { ConnectorState, Pending } from '../pipeline/ConnectorState.ts';
import { codesText, Numbering, numberText, pushNumber, pushSmall, small } from './internal/Numbering.ts';
import { cmp } from './renameAggregates.ts';
import { PartNumbers, pushOffset } from './internal/PartNumbers.ts';
import type { ConsumerState, Ghost, RelayState, ServiceState, World } from './World.ts';

/**
 * The keys of one model's states (the model whose initial state is `initial`): `key(world)` is
 * a short canonical key of a world, for deduplication, equal for two worlds exactly when their
 * JSON is equal.
 *
 * How (hash-consing, see `Numbering` and `PartNumbers`): each large part of a world (the
 * database and, inside it, its tables, open transactions, WAL and WAL transactions; the broker,
 * each partition and each record; each record waiting in the producer) is described as a tuple
 * of numbers, and each distinct tuple gets a number the first time it is met. States share every part a step did not
 * change (`copyWorld`, `updateDb`, `updateKafka`), and no part is changed once built, so a
 * part's number is found by object identity and a step pays only for the parts it changed.
 *
 * The key is a text per part ("slot"), in an order fixed by the model: the database's and the
 * broker's numbers, then each service, the connector, each relay, each consumer, the ghost lists
 * and the budget field by field (strings as their numbers, lists with their length first, so
 * each slot is self-delimiting). A key is a few dozen characters. When told the state whose
 * successors it is keying (`parentIs`), it takes the slot of every part a successor shares with
 * that state from the state's own, so a step pays only for the records it changed too.
 *
 * Numbers depend on the order parts are met in, so a key is canonical for the life of its
 * `Numbering` (one model), not across processes; replay strings fingerprint a state's
 * stable JSON instead.
 *
 * With a `rename` (symmetry reduction, see `SymmetricKeys`), the key is that of the world's copy
 * renamed by `renameAggregates`, built without the copy: strings are numbered as renamed, and
 * what the copy re-sorts is keyed in its sorted order (services by aggregate, dedup ids, the
 * seed transaction's changes).
 *
 * Left out, because the rest of the world determines them: table rows (the fold of the WAL,
 * bootstrap transaction included; column names are kept) and the ghost list of committed
 * changes (the tag and commit LSN of every WAL transaction that changed a row under a
 * request's tag). `WorldKeys.test.ts` checks, on every reachable state of every scenario at the
 * default scope, that the key is injective (as many distinct keys as distinct JSON states).
 */
export class WorldKeys {
  readonly #parts: PartNumbers;
  /** The state whose successors are being keyed (see `parentIs`), and its slots once built. */
  #parent: World | null = null;
  #parentSlots: string[] = [];
  #slotsOf: World | null = null;
  #slots: string[] = [];

  readonly #rename: ((s: string) => string) | null;

  /**
   * `initial`: the model's initial world; `numbering`: the tables to number on (keys built on
   * one can be compared); `rename`: the renaming of strings, if any.
   */
  constructor(initial: World, numbering = new Numbering(), rename: ((s: string) => string) | null = null) {
    this.#parts = new PartNumbers(initial, numbering, rename);
    this.#rename = rename;
  }

  /**
   * Says that the next keys are asked for successors of `w`: a successor shares most parts with
   * it, and the text of each shared part is then taken from `w`'s instead of being built again.
   */
  parentIs(w: World): void {
    this.#parent = w;
  }

  /**
   * The key: one short text ("slot") per part, in a fixed order (database, broker, services,
   * connector, relays, consumers, ghost lists, budget), each taken from the parent when the part
   * is the parent's very object.
   */
  key(w: World): string {
    const p = this.#parent !== null && this.#parent !== w ? this.#parent : null;
    let from: string[] | null = null;
    if (p !== null) {
      if (this.#slotsOf !== p) {
        // The states expanded one after another are mostly siblings: the new parent's slots are
        // taken from the previous parent's where they share parts (written in place: slot i is
        // read before it is overwritten).
        const previous = this.#slotsOf;
        this.#fill(p, previous, previous && this.#parentSlots, this.#parentSlots);
        this.#slotsOf = p;
      }
      from = this.#parentSlots;
    }
    this.#fill(w, p, from, this.#slots);
    return this.#slots.join('');
  }

  /** Writes the slots of `w` into `out`, copying those whose part is `p`'s from `from` (which may be `out`). */
  #fill(w: World, p: World | null, from: string[] | null, out: string[]): void {
    let i = 0;
    out[i] = p && p.db === w.db ? from![i]! : numberText(this.#parts.database(w.db));
    i++;
    out[i] = p && p.kafka === w.kafka ? from![i]! : numberText(this.#parts.broker(w.kafka));
    i++;
    if (this.#rename === null) {
      for (let k = 0; k < w.services.length; k++, i++) out[i] = p && p.services[k] === w.services[k] ? from![i]! : this.#service(w.services[k]!);
    } else {
      // In the order a renamed copy re-sorts them into (stable, by renamed aggregate).
      const sorted = w.services.map((s, k) => [this.#parts.renamed(s.agg), k] as const).sort((a, b) => cmp(a[0], b[0]) || a[1] - b[1]);
      for (const [, k] of sorted) out[i++] = this.#service(w.services[k]!);
    }
    for (let k = 0; k < w.connectors.length; k++, i++) out[i] = p && p.connectors[k] === w.connectors[k] ? from![i]! : this.#connector(w.connectors[k]!);
    for (let k = 0; k < w.relays.length; k++, i++) out[i] = p && p.relays[k] === w.relays[k] ? from![i]! : this.#relay(w.relays[k]!);
    for (let k = 0; k < w.consumers.length; k++, i++) out[i] = p && p.consumers[k] === w.consumers[k] ? from![i]! : this.#consumer(w.consumers[k]!);
    const g = w.ghost;
    out[i] = p && (p.ghost === g || (p.ghost.snapshots === g.snapshots && p.ghost.streamed === g.streamed)) ? from![i]! : this.#ghost(g);
    i++;
    const b = w.budget;
    out[i] = p && p.budget === b ? from![i]! : String.fromCharCode(b.serviceCrash, b.commitFail, b.network, b.connectorCrash, b.consumerCrash, b.schemaChange, b.slotLoss);
  }

  #service(s: ServiceState): string {
    return String.fromCharCode(small(this.#parts.symbolOf(s.at)), small(this.#parts.symbolOf(s.agg)), small(s.next), small(s.xid), small(s.retries));
  }

  #connector(c: ConnectorState): string {
    const codes: number[] = [];
    this.#parts.symbol(codes, c.at);
    pushSmall(codes, c.view);
    pushSmall(codes, c.start);
    pushSmall(codes, c.cursor);
    pushSmall(codes, c.pos.commitLsn);
    pushSmall(codes, c.pos.lsn);
    pushSmall(codes, c.seq);
    pushSmall(codes, c.unflushed);
    pushOffset(codes, c.acked);
    pushOffset(codes, c.stored);
    this.#pendings(codes, c.buffer);
    this.#pendings(codes, c.inflight);
    return codesText(codes);
  }

  #relay(r: RelayState): string {
    const codes: number[] = [];
    this.#parts.symbol(codes, r.at);
    this.#parts.symbol(codes, r.row);
    return codesText(codes);
  }

  #consumer(u: ConsumerState): string {
    const codes: number[] = [];
    this.#parts.symbol(codes, u.at);
    values(codes, u.positions);
    values(codes, u.committed);
    pushSmall(codes, u.cursor);
    codes.push(u.applied.length);
    for (const id of u.applied) this.#parts.symbol(codes, id);
    codes.push(u.dedup.length);
    if (this.#rename === null) for (const id of u.dedup) this.#parts.symbol(codes, id);
    else for (const id of u.dedup.map((x) => this.#parts.renamed(x)).sort(cmp)) pushSmall(codes, this.#parts.plainSymbolOf(id));
    return codesText(codes);
  }

  /** The ghost lists of snapshots and streamed LSNs. The committed list is left out (see above). */
  #ghost(g: Ghost): string {
    const codes: number[] = [];
    values(codes, g.snapshots);
    values(codes, g.streamed);
    return codesText(codes);
  }

  #pendings(codes: number[], l: readonly Pending[]): void {
    codes.push(l.length);
    for (const p of l) pushNumber(codes, this.#parts.pending(p));
  }
}

/** A list of small numbers, its length first. */
function values(codes: number[], l: readonly number[]): void {
  codes.push(l.length);
  for (const v of l) pushSmall(codes, v);
}

