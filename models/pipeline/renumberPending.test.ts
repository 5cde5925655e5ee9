import { describe, expect, it } from 'vitest';
import { check } from '../../src/engine/check.ts';
import type { Model } from '../../src/engine/Model.ts';
import { always, sometimes } from '../../src/engine/Property.ts';
import { stableKey } from '../../src/engine/stableKey.ts';
import type { Action } from '../world/Action.ts';
import type { Effect } from '../world/ActorDef.ts';
import { buildWorld } from '../world/buildWorld.ts';
import type { World } from '../world/World.ts';
import { getScenario, worldOptionsOf } from '../scenarios.ts';
import { scenarioDefs } from '../scenarioDefs.ts';
import { initialConnector, type ConnectorState, type Pending } from './ConnectorState.ts';
import { renumberPending } from './renumberPending.ts';

const options = (id: string) => worldOptionsOf(scenarioDefs.find((d) => d.id === id)!);
const entry = (seq: number): Pending => ({ topic: 't', record: { key: 'k', id: `k#${seq}`, change: `k#${seq}`, op: 'c', value: null }, seq, offset: { commitLsn: seq, lsn: -1, lastCommitLsn: null, snapshot: false }, tries: 0 });
const pendingSeqs = (c: ConnectorState) => [...c.buffer, ...c.inflight, ...c.ackedAhead, ...(c.txn ?? [])].map((p) => p.seq);

/** Runs the effect `change` of a one-connector world through `renumberPending`, and gives the connector after it. */
function after(idempotent: boolean, change: (c: ConnectorState) => void): ConnectorState {
  const w = { connectors: [initialConnector()] } as unknown as World;
  const effect: Effect = (world) => change(world.connectors[0]!);
  renumberPending({ effect }, idempotent, (world) => world.connectors[0]!).effect!(w, 0, 0, w);
  return w.connectors[0]!;
}

describe('renumberPending: without idempotence, sequence numbers count from the lowest pending', () => {
  it('shifts every pending number and the next one down by the lowest pending', () => {
    const c = after(false, (c) => {
      c.buffer = [entry(7)];
      c.inflight = [entry(5), entry(6)];
      c.seq = 8;
    });
    expect(c.inflight.map((p) => p.seq)).toEqual([0, 1]);
    expect(c.buffer.map((p) => p.seq)).toEqual([2]);
    expect(c.seq).toBe(3);
    // The records themselves are untouched: only the producer's own numbering moved.
    expect(c.buffer[0]!.record.id).toBe('k#7');
  });

  it('counts an open transaction\'s records among those pending', () => {
    const c = after(false, (c) => {
      c.txn = [entry(3), entry(4)];
      c.buffer = [entry(5)];
      c.seq = 6;
    });
    expect(c.txn!.map((p) => p.seq)).toEqual([0, 1]);
    expect(c.buffer.map((p) => p.seq)).toEqual([2]);
    expect(c.seq).toBe(3);
  });

  it('counts again from 0 with nothing pending, and leaves an idempotent producer\'s numbers alone', () => {
    expect(after(false, (c) => void (c.seq = 9)).seq).toBe(0);
    const kept = after(true, (c) => {
      c.inflight = [entry(5)];
      c.seq = 9;
    });
    expect(kept.seq).toBe(9);
    expect(kept.inflight[0]!.seq).toBe(5);
  });

  it('holds in every reachable state: the lowest pending number is 0, and the next is 0 with none pending', () => {
    const numbered = always<World>('numbered from the lowest pending', (w) => w.connectors.every((c) => {
      const seqs = pendingSeqs(c);
      return seqs.length === 0 ? c.seq === 0 : Math.min(...seqs) === 0 && c.seq > Math.max(...seqs);
    }));
    const busy = sometimes<World>('two records pending at once', (w) => pendingSeqs(w.connectors[0]!).length >= 2);
    for (const id of ['outbox-cdc', 'outbox-cdc-inflight-reorder', 'dbz-7816-partition-acks']) {
      const r = check(buildWorld(options(id), { name: 'seq', version: '1', properties: [numbered, busy] }), {});
      expect(r.status, id).toBe('ok');
    }
  });

  it('keeps counting for an idempotent producer, whose numbers the broker compares with those in the log', () => {
    const kept = sometimes<World>('a number kept with nothing pending', (w) => w.connectors[0]!.seq > 0 && pendingSeqs(w.connectors[0]!).length === 0);
    const r = check(buildWorld(options('outbox-cdc-idempotent-producer'), { name: 'seq', version: '1', properties: [kept] }), {});
    expect(r.status).toBe('ok');
  });

  it('is sound: numbers shifted up leave the actions, the successors (renumbered) and every invariant\'s answer as they were', () => {
    // What makes the renumbering a reduction and not a change of behaviour: in every reachable
    // state, every number of a connector without idempotence is given 5 more, as if the records
    // before had not been forgotten, and the world must act alike.
    const up = (c: ConnectorState): ConnectorState => {
      const shift = (list: readonly Pending[]) => list.map((p) => ({ ...p, seq: p.seq + 5 }));
      return { ...c, seq: c.seq + 5, buffer: shift(c.buffer), inflight: shift(c.inflight), ackedAhead: shift(c.ackedAhead), ...(c.txn ? { txn: shift(c.txn) } : {}) };
    };
    const down = (c: ConnectorState): ConnectorState => {
      const low = Math.min(c.seq, ...pendingSeqs(c));
      const shift = (list: readonly Pending[]) => list.map((p) => ({ ...p, seq: p.seq - low }));
      return { ...c, seq: c.seq - low, buffer: shift(c.buffer), inflight: shift(c.inflight), ackedAhead: shift(c.ackedAhead), ...(c.txn ? { txn: shift(c.txn) } : {}) };
    };
    const comparable = (w: World) => stableKey({ ...w, connectors: w.connectors.map(down) });
    for (const id of ['outbox-cdc', 'outbox-cdc-inflight-reorder', 'dbz-7816-partition-acks']) {
      const invariants = getScenario(id)!.model().properties;
      let model!: Model<World, Action>;
      let compared = 0;
      const alike = always<World>('numbers read only relative to each other', (w) => {
        const other = { ...w, connectors: w.connectors.map(up) };
        compared++;
        const mine = model.actions(w);
        const theirs = model.actions(other);
        if (stableKey(mine.map((a) => a.label)) !== stableKey(theirs.map((a) => a.label))) return false;
        if (invariants.some((p) => p.kind !== 'eventually' && p.holds(w) !== p.holds(other))) return false;
        return mine.every((a, i) => comparable(model.next(w, a)) === comparable(model.next(other, theirs[i]!)));
      });
      model = buildWorld(options(id), { name: 'seq-shift', version: '1', properties: [alike] });
      expect(check(model, {}).status, id).toBe('ok');
      expect(compared, id).toBeGreaterThan(100);
    }
  });
});
