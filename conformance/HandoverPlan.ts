import fc from 'fast-check';

/** A single-statement write that a concurrent writer commits in its own transaction. */
export type WriterChange =
  | { op: 'insert'; id: number; balance: number }
  | { op: 'update'; id: number; balance: number }
  | { op: 'delete'; id: number };

/**
 * One step of the snapshot hand-over, after the slot exists:
 * - `readRow`: the snapshot reader reads the next row, in key order, in its snapshot transaction;
 * - `commit`: a concurrent writer commits one change;
 * - `readLsn`: legacy hand-over only: the connector reads the start LSN, separately from the
 *   snapshot (before Debezium 1.6, DBZ-2337). With the exported snapshot the start is the slot's
 *   consistent point and this step does not occur.
 */
export type HandoverStep = { kind: 'readRow' } | { kind: 'commit'; change: WriterChange } | { kind: 'readLsn' };

/**
 * A snapshot → stream hand-over to enact on the server and in the model.
 *
 * `seed` rows of `accounts` are committed first. `inFlight`, if set, is a writer that has
 * already written (but not committed) when the slot is created: PostgreSQL makes the slot
 * creation wait for it. The reader reads whatever rows are left after the last step.
 */
export interface HandoverPlan {
  handover: 'exported' | 'legacy';
  seed: readonly { id: number; balance: number }[];
  inFlight: WriterChange | null;
  steps: readonly HandoverStep[];
}

/**
 * Seeded plans for the exported-snapshot hand-over: 3–6 seed rows, maybe an in-flight writer,
 * then reads interleaved with commits that insert new keys, and update or delete seed keys (each
 * key written at most once after the seed, so the writers never wait on each other's row locks).
 */
export function exportedHandoverArbitrary(): fc.Arbitrary<HandoverPlan> {
  return fc
    .record({
      seedCount: fc.integer({ min: 3, max: 6 }),
      inFlight: fc.boolean(),
      writes: fc.array(fc.tuple(fc.constantFrom('insert', 'update', 'delete'), fc.nat({ max: 999 })), { maxLength: 8 }),
      order: fc.array(fc.boolean(), { maxLength: 16 }),
    })
    .map(({ seedCount, inFlight, writes, order }): HandoverPlan => {
      const seed = Array.from({ length: seedCount }, (_, i) => ({ id: (i + 1) * 10, balance: 100 + i }));
      const changes: WriterChange[] = [];
      const touched = new Set<number>();
      let fresh = 1;
      for (const [op, value] of writes) {
        const target = seed[value % seed.length]!.id;
        if (op === 'insert' || touched.has(target)) changes.push({ op: 'insert', id: fresh++ * 10 + 5, balance: value });
        else {
          touched.add(target);
          changes.push(op === 'update' ? { op, id: target, balance: value } : { op, id: target });
        }
      }
      // The in-flight writer takes a key of its own, so later writers never wait for its lock.
      const pending: WriterChange | null = inFlight ? { op: 'insert', id: 7, balance: 7 } : null;
      const steps: HandoverStep[] = [];
      for (const readFirst of order) {
        if (readFirst || changes.length === 0) steps.push({ kind: 'readRow' });
        else steps.push({ kind: 'commit', change: changes.shift()! });
      }
      for (const change of changes) steps.push({ kind: 'commit', change });
      return { handover: 'exported', seed, inFlight: pending, steps };
    });
}
