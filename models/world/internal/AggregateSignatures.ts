import type { Pending } from '../../pipeline/ConnectorState.ts';
import type { Txn, WalTxn } from '../database.ts';
import type { Kafka } from '../kafka.ts';
import type { ServiceState, World } from '../World.ts';

/**
 * The signature of each of some interchangeable aggregates in a world: everything that concerns
 * the aggregate, described by positions and states, never by its name, so a renaming of the
 * aggregates permutes the signatures and nothing else (see `renameAggregates`).
 *
 * A signature is the aggregate's share of each of the world's parts, compared in turn: its
 * services' states; the open transactions that write its rows; its WAL changes; its records'
 * offsets; its records the connector holds; whether the relay is on its row; where its events
 * are in each consumer's applied list. Each part's share is worked out once per part (parts are
 * never changed once built, and states share most of theirs), so a state pays only for the
 * parts its last step replaced.
 */
export class AggregateSignatures {
  readonly #aggregates: readonly string[];
  /** Per aggregate: the prefix of its rows' keys and its eventIds. */
  readonly #prefixes: readonly string[];

  /** `aggregates`: the interchangeable aggregates' names. */
  constructor(aggregates: readonly string[]) {
    this.#aggregates = aggregates;
    this.#prefixes = aggregates.map((a) => `${a}#`);
  }

  /**
   * The aggregates' indices sorted by signature (ties by index): compared share by share, in the
   * order of the parts above, so nothing is built per state. Null when already in order.
   */
  order(w: World): number[] | null {
    const shares: (readonly string[])[] = [this.#services(w.services), this.#txns(w.db.txns), this.#wal(w.db.wal), this.#kafka(w.kafka)];
    for (const c of w.connectors) shares.push(this.#pendings(c.buffer), this.#pendings(c.inflight));
    for (const r of w.relays) shares.push(this.#relay(r.row));
    for (const c of w.consumers) shares.push(this.#applied(c.applied));
    const compare = (i: number, j: number): number => {
      for (const share of shares) {
        const a = share[i]!;
        const b = share[j]!;
        if (a !== b) return a < b ? -1 : 1;
      }
      return i - j;
    };
    const n = this.#aggregates.length;
    if (n === 2) return compare(0, 1) <= 0 ? null : [1, 0];
    const order = this.#aggregates.map((_, i) => i).sort(compare);
    return order.every((o, k) => o === k) ? null : order;
  }

  /** Per aggregate: whether the relay is on its row. */
  #relay(row: string | null): string[] {
    return this.#aggregates.map((_, i) => (this.#mine(i, row) ? 'r' : ''));
  }

  /** Whether `s` is aggregate `i`'s name, or a row key or eventId of it. */
  #mine(i: number, s: string | null): boolean {
    return s !== null && (s === this.#aggregates[i] || s.startsWith(this.#prefixes[i]!));
  }

  /** Per aggregate, the concatenation of `part(item)` over the items `concerns` it. */
  #shares<T>(items: readonly T[], concerns: (i: number, item: T) => boolean, part: (item: T, at: number) => string): string[] {
    return this.#aggregates.map((_, i) => {
      let s = '';
      items.forEach((item, at) => {
        if (concerns(i, item)) s += part(item, at);
      });
      return s;
    });
  }

  readonly #services = memo((l: readonly ServiceState[]) =>
    this.#shares(l, (i, s) => s.agg === this.#aggregates[i], (s) => `${s.at},${s.next},${s.xid},${s.retries};`),
  );

  readonly #txns = memo((l: readonly Txn[]) =>
    this.#shares(l, (i, t) => t.writes.some((x) => this.#mine(i, x.pk) || this.#mine(i, x.tag)), (t) => `${t.xid},`),
  );

  readonly #wal = memo((l: readonly WalTxn[]) => {
    const changes = l.flatMap((t) => t.changes);
    return this.#shares(changes, (i, c) => this.#mine(i, c.pk) || this.#mine(i, c.tag), (c) => `${c.op}${c.lsn},`);
  });

  readonly #kafka = memo((k: Kafka) => {
    const shares = this.#aggregates.map(() => '');
    for (const t of k.topics) {
      for (const p of t.partitions) {
        const part = this.#shares(p, (i, r) => r.key === this.#aggregates[i], (r, at) => `${at}${r.op},`);
        part.forEach((s, i) => (shares[i] += s));
      }
    }
    return shares;
  });

  readonly #pendings = memo((l: readonly Pending[]) => this.#shares(l, (i, p) => p.record.key === this.#aggregates[i], (p) => `${p.seq},`));

  readonly #applied = memo((l: readonly string[]) => this.#shares(l, (i, id) => this.#mine(i, id), (_, at) => `${at},`));
}

/** `f` remembered per part, by identity, and for the last part asked about. */
function memo<T extends object>(f: (part: T) => string[]): (part: T) => string[] {
  const known = new WeakMap<T, string[]>();
  let last: T | null = null;
  let lastValue: string[] = [];
  return (part) => {
    if (part !== last) {
      let v = known.get(part);
      if (v === undefined) known.set(part, (v = f(part)));
      last = part;
      lastValue = v;
    }
    return lastValue;
  };
}
