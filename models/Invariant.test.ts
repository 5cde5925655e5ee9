import { describe, expect, it } from 'vitest';
import { always, atQuiescence } from '../src/engine/Property.ts';
import { invariant, resolveInvariant } from './Invariant.ts';
import { RegistryError } from './RegistryError.ts';
import type { World } from './world/World.ts';
import { defaultWorldOptions, type WorldOptions } from './world/WorldOptions.ts';
import { dualWrite } from './strategies/dualWrite.ts';

const options: WorldOptions = { ...defaultWorldOptions, service: dualWrite };
const noNegative = always<World>('balance-never-negative', (w) => w.db.tables[0]!.rows.every((r) => Number(r[1]) >= 0));

describe('invariant', () => {
  it('registers a property under its own name, whatever the world', () => {
    const i = invariant(noNegative);
    expect(i.id).toBe('balance-never-negative');
    expect(i.property(options)).toBe(noNegative);
  });

  it('builds a knob-dependent property per world, and refuses one named other than its id', () => {
    const partitions = invariant('partitions-seen', (o) => atQuiescence<World>('partitions-seen', (w) => w.kafka.topics[0]!.partitions.length === o.partitions));
    expect(partitions.property({ ...options, partitions: 2 }).kind).toBe('atQuiescence');
    const misnamed = invariant('one-name', () => noNegative);
    expect(() => misnamed.property(options)).toThrow(RegistryError);
    expect(() => misnamed.property(options)).toThrow("invariant 'one-name' built a property named 'balance-never-negative'; name it 'one-name'");
  });

  it('says whether it reads the ghost stream record only when declared, in either form', () => {
    expect(invariant(noNegative).readsGhostStream).toBeUndefined();
    expect(invariant(noNegative, { readsGhostStream: true }).readsGhostStream).toBe(true);
    expect(invariant('built', () => atQuiescence<World>('built', () => true)).readsGhostStream).toBeUndefined();
    const built = invariant('built', () => atQuiescence<World>('built', () => true), { readsGhostStream: true });
    expect(built.readsGhostStream).toBe(true);
    expect(built.property(options).name).toBe('built');
  });
});

describe('resolveInvariant', () => {
  const registered = [invariant(noNegative)];
  const own = invariant(always<World>('no-lost-events', () => true));

  it("finds a scenario's own invariant before a registered one of the same id", () => {
    expect(resolveInvariant('s', 'no-lost-events', [own], registered)).toBe(own);
    expect(resolveInvariant('s', 'balance-never-negative', [own], registered)).toBe(registered[0]);
  });

  it('names the scenario, the unknown id and the known ones', () => {
    expect(() => resolveInvariant('my-scenario', 'no-lost-event', [], registered)).toThrow(
      "scenario 'my-scenario' expects a verdict for unknown invariant 'no-lost-event' (known: balance-never-negative)",
    );
  });
});
