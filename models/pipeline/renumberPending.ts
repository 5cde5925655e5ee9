import type { Effect } from '../world/ActorDef.ts';
import type { World } from '../world/World.ts';
import type { ConnectorState, Pending } from './ConnectorState.ts';

/**
 * The connector's effects, each followed by renumbering the producer's sequence numbers from the
 * lowest one pending: for a producer without idempotence. Its numbers then only order the records
 * pending (buffered, in flight, acknowledged ahead of an earlier one, or in an open transaction)
 * among themselves, and every record produced later gets a higher one, so shifting them all
 * down by the lowest changes nothing that any step can see; with none pending the count starts
 * again at 0. Kept as they were, they would tell apart states that behave alike, such as the runs
 * after a crash by how many records were produced before it. The shift is a function of the
 * state, so states equal before it are equal after it. An idempotent producer's numbers go to
 * the broker with the records, which drops a repeated one, so they are never reused and these
 * effects are given back unchanged.
 */
export function renumberPending(effects: Readonly<Record<string, Effect>>, idempotent: boolean, me: (w: World) => ConnectorState): Readonly<Record<string, Effect>> {
  if (idempotent) return effects;
  const out: Record<string, Effect> = {};
  for (const [name, effect] of Object.entries(effects)) {
    out[name] = (w, self, arg, base) => {
      effect(w, self, arg, base);
      renumber(me(w));
    };
  }
  return out;
}

/** Shifts `c`'s sequence numbers down by the lowest one pending (to 0 when none is). Mutates `c`. */
function renumber(c: ConnectorState): void {
  const low = Math.min(lowest(c.buffer), lowest(c.inflight), lowest(c.ackedAhead), c.txn ? lowest(c.txn) : Infinity);
  const by = low === Infinity ? c.seq : low;
  if (by === 0) return;
  c.seq -= by;
  // Pending entries are replaced, never changed in place, so states can share them.
  c.buffer = shifted(c.buffer, by);
  c.inflight = shifted(c.inflight, by);
  c.ackedAhead = shifted(c.ackedAhead, by);
  if (c.txn) c.txn = shifted(c.txn, by);
}

/** The lowest sequence number of `list`, or Infinity. */
function lowest(list: readonly Pending[]): number {
  let m = Infinity;
  for (const p of list) if (p.seq < m) m = p.seq;
  return m;
}

/** `list` with every sequence number `by` lower: a new list of new entries. */
function shifted(list: readonly Pending[], by: number): Pending[] {
  return list.map((p) => ({ ...p, seq: p.seq - by }));
}
