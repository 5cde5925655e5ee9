import type { TraceView } from '../../src/engine/TraceView.ts';
import type { Action } from './Action.ts';
import type { ActorDef } from './ActorDef.ts';
import { defaultSlotName } from './database.ts';
import type { World } from './World.ts';

/** The lanes of every trace, left to right (`Relay` standing for each relay's); a lane with nothing to say shows `-`. */
export const lanes = ['Service', 'DB', 'WAL', 'Connector', 'Relay', 'Kafka', 'Consumer'] as const;

/**
 * The trace view of a composed world: what the services, database, WAL, connector or relay,
 * Kafka and consumers say in a state, one line each, so a step reads
 * "DB says acct-1 balance=100 / Kafka says nothing". Pure.
 */
export function worldView(actors: readonly ActorDef[]): TraceView<World, Action> {
  // Every trace has the same lanes, Connector included (it says `-` without one), plus one
  // Relay lane per polling publisher (`Relay`, or `Relay1`, `Relay2`, … when there are several).
  // and one Connector lane per connector the same way.
  const relayLanes = actors.filter((a) => a.lane.startsWith('Relay')).map((a) => a.lane);
  const connectorLanes = actors.filter((a) => a.lane.startsWith('Connector')).map((a) => a.lane);
  // And one Consumer lane per downstream consumer instance when there are several.
  const consumerLanes = actors.filter((a) => a.lane.startsWith('Consumer')).map((a) => a.lane);
  const shown = lanes.flatMap((l): string[] => (l === 'Relay' ? relayLanes : l === 'Connector' && connectorLanes.length > 1 ? connectorLanes : l === 'Consumer' && consumerLanes.length > 1 ? consumerLanes : [l]));
  return {
    lanes: shown,
    actor: (a) => actors[a.def]!.lane,
    target: (a) => actors[a.def]!.targets?.[a.event],
    isFault: (a) => actors[a.def]!.faults.includes(a.event),
    says: (w) => {
      const out: Record<string, string> = {
        Service: w.services.map((s, i) => `svc${i + 1} ${s.at}${s.xid !== null ? ` (xid ${s.xid})` : ''}`).join('; ') || '-',
        DB: sayDb(w),
        WAL: sayWal(w),
        Kafka: sayKafka(w),
      };
      if (consumerLanes.length > 1) {
        // One lane per downstream instance: its own positions, then its group's store.
        consumerLanes.forEach((lane, k) => {
          const c = w.consumers[k]!;
          const g = w.groups[c.group]!;
          out[lane] = `${c.at} read ${c.positions.join('/')}; group ${g.name} applied [${g.applied.join(', ')}] committed ${g.committed.join('/')}`;
        });
        const own = w.groups.filter((g) => g.sink === 'database').map((g) => `; ${g.name} applied [${g.applied.join(', ')}] committed ${g.committed.join('/')}`);
        out.Service += own.join('');
      } else out.Consumer = w.groups.map((g, i) => `${i === 0 ? '' : `consumer${i + 1} `}applied [${g.applied.join(', ')}] committed ${g.committed.join('/')}`).join('; ');
      out.Connector = '-';
      w.connectors.forEach((c, k) => {
        const stored = c.stored ? `txn ${c.stored.commitLsn} lsn_proc=${c.stored.lsn} lsn_commit=${c.stored.lastCommitLsn ?? 'none'}${c.stored.snapshot ? ' (snapshot)' : ''}` : 'none';
        out[connectorLanes[k]!] = `${c.at} read ${c.pos.commitLsn}/${c.pos.lsn} stored ${stored} pending=${c.buffer.length + c.inflight.length}`;
      });
      w.relays.forEach((r, k) => {
        out[relayLanes[k]!] = `${r.at}${r.row ? ` ${r.row}` : ''}`;
      });
      return out;
    },
  };
}

function sayDb(w: World): string {
  const parts = w.db.tables.map((t) => {
    const rows = t.rows.map((r) => (t.columns.length === 2 ? `${r[0]} ${t.columns[1]}=${r[1]}` : String(r[0])));
    return `${t.name}{${rows.join(', ')}}`;
  });
  const open = w.db.txns.length ? ` open xid ${w.db.txns.map((t) => t.xid).join(',')}` : '';
  return parts.join(' ') + open;
}

function sayWal(w: World): string {
  if (!w.db.decoded) return 'not kept (no connector)';
  if (w.db.wal.length === 0) return 'empty';
  const tail = w.db.wal.slice(-2).map((t) => `xid${t.xid}@${t.commitLsn}[${t.changes.map((c) => `${c.op} ${c.table} ${c.pk}`).join(', ')}]`);
  const slot = w.db.slots.map((s) => ` slot${w.db.slots.length > 1 || s.name !== defaultSlotName ? ` ${s.name}` : ''}@${s.consistentLsn} confirmed ${s.confirmedLsn}`).join('');
  return `${w.db.wal.length} txns …${tail.join(' ')}${slot}`;
}

function sayKafka(w: World): string {
  const parts: string[] = [];
  for (const t of w.kafka.topics)
    t.partitions.forEach((p, i) => {
      if (p.length) parts.push(`${t.name}/${i} [${p.map((r) => r.id).join(', ')}]`);
    });
  return parts.length ? parts.join(' ') : 'nothing';
}
