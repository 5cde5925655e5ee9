/**
 * A set of paths into plain data, as a tree of field names, at whose ends arrays are unordered
 * (`StructuralFingerprint`'s `unordered` option). A node stands for one path; `*` in a path matches
 * any element of an array and any field of an object.
 */
export class UnorderedPaths {
  /** The paths one field name further down. */
  readonly #named = new Map<string, UnorderedPaths>();
  /** The paths one element or field further down, whatever its name (`*`). */
  #any: UnorderedPaths | null = null;
  /** Whether an array at this path is unordered. */
  unordered = false;

  /**
   * The tree of `paths`, or null when there are none. Each path is a list of field names from
   * the root, `*` for any element or field; the empty path is the root itself. Throws a
   * `RangeError` when one path goes on by `*` where another names a field: which of the two a field
   * of that name would follow is not said.
   */
  static of(paths: readonly (readonly string[])[]): UnorderedPaths | null {
    if (paths.length === 0) return null;
    const root = new UnorderedPaths();
    for (const path of paths) {
      let node: UnorderedPaths = root;
      for (const name of path) {
        if (name === '*') node = node.#any ??= new UnorderedPaths();
        else {
          let next = node.#named.get(name);
          if (next === undefined) node.#named.set(name, (next = new UnorderedPaths()));
          node = next;
        }
      }
      node.unordered = true;
    }
    root.#checkUnambiguous([]);
    return root;
  }

  #checkUnambiguous(path: readonly string[]): void {
    if (this.#any !== null && this.#named.size > 0) {
      const at = path.length === 0 ? 'the root' : path.join('.');
      throw new RangeError(`unordered paths: under ${at}, one path goes on by '*' and another by '${[...this.#named.keys()][0]}'; list the paths with one or the other there`);
    }
    for (const [name, next] of this.#named) next.#checkUnambiguous([...path, name]);
    if (this.#any !== null) this.#any.#checkUnambiguous([...path, '*']);
  }

  /** The node of the field `name` under this path, or null if no path goes through it. */
  field(name: string): UnorderedPaths | null {
    return this.#named.get(name) ?? this.#any;
  }

  /** The node of any element of an array at this path, or null if no path goes through them. */
  element(): UnorderedPaths | null {
    return this.#any;
  }
}
