import { slotOf, type Database, type Slot } from '../world/database.ts';
import type { World } from '../world/World.ts';
import type { ConnectorConfig } from './ConnectorConfig.ts';
import type { ConnectorState } from './ConnectorState.ts';
import { hasChange } from './DebeziumVersion.ts';

/**
 * What every part of one connector instance's definition shares: its configuration, its
 * state and slot in a world, and the version-dependent rules its release follows.
 */
export interface ConnectorContext {
  config: ConnectorConfig;
  /** This instance's state in `w` (`w.connectors[index]`). */
  me: (w: World) => ConnectorState;
  /** This instance's replication slot (`config.slotName`), or null when there is none. */
  mySlot: (db: Database) => Slot | null;
  /** DBZ-7816 (2.6.2, 2.7.0): the slot follows the stored offsets, not `lastOffsets`. */
  fixed7816: boolean;
  /**
   * One request in flight (`max.in.flight=1`) to a topic of one partition: a send is appended and
   * acknowledged in one step, with no list of records in flight. With more partitions, each
   * partition may have a request in flight of its own (`inFlightOn`), acknowledged in any order.
   */
  sendAndAck: boolean;
}

/**
 * The context of connector instance `index` with configuration `config`, writing to topics of
 * `partitions` partitions each. Pure.
 */
export function connectorContext(config: ConnectorConfig, index: number, partitions = 1): ConnectorContext {
  return {
    config,
    me: (w) => w.connectors[index]!,
    mySlot: (db) => slotOf(db, config.slotName),
    fixed7816: hasChange(config.version, 'DBZ-7816'),
    sendAndAck: config.producer.maxInFlight <= 1 && partitions <= 1,
  };
}
