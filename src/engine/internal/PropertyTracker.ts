import type { Property } from '../Property.ts';

/**
 * Which properties are still undecided during an exploration, split by kind so the hot loop only
 * evaluates what can still change the verdict.
 */
export class PropertyTracker<S> {
  always: Property<S>[];
  eventually: Property<S>[];
  sometimes: Property<S>[];

  constructor(properties: readonly Property<S>[]) {
    this.always = properties.filter((p) => p.kind === 'always');
    this.eventually = properties.filter((p) => p.kind === 'eventually');
    this.sometimes = properties.filter((p) => p.kind === 'sometimes');
  }

  /** Marks `p` decided (violated, or for `sometimes`, witnessed): it is no longer evaluated. */
  settle(p: Property<S>): void {
    const list = this[p.kind];
    const i = list.indexOf(p);
    if (i >= 0) list.splice(i, 1);
  }

  /** True when every property has been decided, so further exploration cannot change the verdict. */
  get decided(): boolean {
    return this.always.length === 0 && this.eventually.length === 0 && this.sometimes.length === 0;
  }
}
