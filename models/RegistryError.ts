/**
 * A mistake in the registry (`models/scenarioDefs.ts`): an unknown invariant named in a
 * scenario's `expected`, or two entries with one id. The CLI prints its message as one line.
 */
export class RegistryError extends Error {
  override name = 'RegistryError';
}
