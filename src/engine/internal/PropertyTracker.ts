import type { Property } from '../Property.ts';

/**
 * Which properties are still undecided during an exploration, split by kind so the hot loop only
 * evaluates what can still change the verdict. The search removes a property from its list once
 * it is violated (or, for `sometimes`, witnessed).
 */
export class PropertyTracker<S> {
  always: Property<S>[];
  /** `atQuiescence` properties, checked at terminal states. */
  quiescent: Property<S>[];
  eventually: Property<S>[];
  sometimes: Property<S>[];

  constructor(properties: readonly Property<S>[]) {
    this.always = properties.filter((p) => p.kind === 'always');
    this.quiescent = properties.filter((p) => p.kind === 'atQuiescence');
    this.eventually = properties.filter((p) => p.kind === 'eventually');
    this.sometimes = properties.filter((p) => p.kind === 'sometimes');
  }

  /** True when every property has been decided, so further exploration cannot change the verdict. */
  get decided(): boolean {
    return this.always.length === 0 && this.quiescent.length === 0 && this.eventually.length === 0 && this.sometimes.length === 0;
  }
}
