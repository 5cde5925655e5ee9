import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { stableKey } from '../../src/engine/stableKey.ts';
import { StructuralKeys } from '../../src/engine/StructuralKeys.ts';
import { buildScenario } from '../scenarios.ts';
import type { World } from './World.ts';

// Scenarios that between them hold every kind of record the world has: services, the
// connector (buffer, in-flight records, offsets), each relay, consumers, snapshots, the operator's
// schema change, the slots, and Kafka records of every shape.
const ids = ['dual-write-concurrent', 'outbox-cdc', 'polling-publisher', 'snapshot-handover', 'outbox-cdc-schema-change', 'slot-lost', 'table-cdc'];

/** Up to `limit` reachable states of scenario `id`, breadth first. */
function reachable(id: string, limit: number): World[] {
  const model = buildScenario(id);
  const seen = new Set<string>();
  const out: World[] = [];
  let frontier = [...model.initial()];
  while (frontier.length && out.length < limit) {
    const next: World[] = [];
    for (const s of frontier) {
      const k = stableKey(s);
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(s);
      for (const a of model.actions(s)) next.push(model.next(s, a));
    }
    frontier = next;
  }
  return out;
}

const states = ids.flatMap((id) => reachable(id, 300));

/** The kind of a record: its path with list positions left out, e.g. `.kafka.topics[].partitions[][]`. */
function kindsOf(v: unknown, path: string, into: Set<string>): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => kindsOf(x, `${path}[]`, into));
  else if (v !== null && typeof v === 'object') {
    into.add(path);
    for (const [k, x] of Object.entries(v)) kindsOf(x, `${path}.${k}`, into);
  }
  return into;
}
const kinds = [...states.reduce((all, s) => kindsOf(s, '', all), new Set<string>())].sort();

/** A copy of `v` in which every record of kind `kind` has `field` set to `value(i)`, i counting the records. */
function withField(v: unknown, path: string, kind: string, field: string, value: (i: number) => unknown, counter = { i: 0 }): unknown {
  if (Array.isArray(v)) return v.map((x) => withField(x, `${path}[]`, kind, field, value, counter));
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = withField(x, `${path}.${k}`, kind, field, value, counter);
  if (path === kind) out[field] = value(counter.i++);
  return out;
}

describe('the world\'s state key', () => {
  it('is the engine\'s generic key: the world lists no fields of its own', () => {
    for (const id of ids) expect(buildScenario(id).key).toBeUndefined();
  });

  it('the sample holds every kind of record, nested ones included', () => {
    expect(states.length).toBeGreaterThan(1000);
    for (const k of ['', '.db', '.db.tables[]', '.db.txns[]', '.db.wal[]', '.db.wal[].changes[]', '.db.slots[]', '.kafka.topics[]', '.kafka.topics[].partitions[][]', '.services[]', '.connectors[]', '.connectors[].pos', '.relays[]', '.consumers[]', '.groups[]', '.budget', '.ghost', '.ghost.committed[]'])
      expect(kinds).toContain(k);
  });

  // One numbering for the whole run, as in a search: states keyed earlier must not confuse it.
  const keys = new StructuralKeys();
  const value = fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 2 }));
  // Half the pairs are one state twice, so that equal keys are asked for as often as different ones.
  const pair = fc.nat(states.length - 1).chain((i) => fc.tuple(fc.constant(i), fc.oneof(fc.constant(i), fc.nat(states.length - 1))));
  test.prop([pair, fc.constantFrom(...kinds), fc.constantFrom('extra', 'at', 'aa', 'zz', 'cursor2'), fc.array(value, { minLength: 1, maxLength: 4 }), fc.array(value, { minLength: 1, maxLength: 4 })], { numRuns: 400 })(
    'a field added to any kind of record: two states get equal keys exactly when their stable JSON is equal',
    ([i, j], kind, field, values1, values2) => {
      const a = withField(states[i], '', kind, field, (n) => values1[n % values1.length]);
      const b = withField(states[j], '', kind, field, (n) => values2[n % values2.length]);
      expect(keys.key(a) === keys.key(b)).toBe(stableKey(a) === stableKey(b));
      // The same state with and without the field: told apart unless the field is left out of JSON.
      expect(keys.key(a) === keys.key(states[i])).toBe(stableKey(a) === stableKey(states[i]));
    },
  );
});
