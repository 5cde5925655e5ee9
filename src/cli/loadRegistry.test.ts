import { describe, expect, it } from 'vitest';
import { RegistryError } from '../../models/RegistryError.ts';
import { memoryIo, toyRegistry } from './fixtures/toyRegistry.ts';
import { loadRegistry } from './loadRegistry.ts';

describe('loadRegistry', () => {
  it('hands on the registry it loads', async () => {
    expect(await loadRegistry(memoryIo(), async () => toyRegistry)).toBe(toyRegistry);
  });

  it('prints a mistake in the registry as one line, without a stack trace, and gives nothing', async () => {
    const io = memoryIo();
    const loaded = await loadRegistry(io, async () => {
      throw new RegistryError("scenario 'x' expects a verdict for unknown invariant 'no-lost-event' (known: no-lost-events)");
    });
    expect(loaded).toBeUndefined();
    expect(io.stderr()).toBe("cdc-check: scenario 'x' expects a verdict for unknown invariant 'no-lost-event' (known: no-lost-events)\n");
  });

  it('lets any other error through: it is a bug, not a usage mistake', async () => {
    await expect(loadRegistry(memoryIo(), async () => Promise.reject(new TypeError('boom')))).rejects.toThrow('boom');
  });

  it('loads the real registry', async () => {
    const loaded = await loadRegistry(memoryIo());
    expect(loaded?.scenarios.map((s) => s.id)).toContain('outbox-cdc');
  });
});
