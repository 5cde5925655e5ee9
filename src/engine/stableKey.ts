import { CheckerError } from './CheckerError.ts';

/** Raised by `stableKey` for a value that plain JSON cannot represent faithfully. */
export class UnserialisableError extends CheckerError {
  constructor(
    /** Where in the value, e.g. `state.db.rows[2]`. */
    readonly path: string,
    /** What was found there, e.g. `a function`. */
    readonly found: string,
  ) {
    super(
      'unserialisable-state',
      `${path} is ${found}, which cannot be part of a state key`,
      'Keep states plain data (objects, arrays, strings, finite numbers, booleans, null), or give the model its own key(state).',
    );
  }
}

/** Path segments of the value being serialised, kept as a stack so paths cost nothing until an error. */
const segments: (string | number)[] = [];
const ancestors: object[] = [];

function pathOf(root: string): string {
  return root + segments.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('');
}

function isSorted(names: string[]): boolean {
  for (let i = 1; i < names.length; i++) if (names[i - 1]! > names[i]!) return false;
  return true;
}

function walk(v: unknown, root: string): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      if (!Number.isFinite(v)) throw new UnserialisableError(pathOf(root), `the number ${v}`);
      return String(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'undefined':
      return 'null';
    case 'object':
      break;
    default:
      throw new UnserialisableError(pathOf(root), `a ${typeof v}`);
  }
  if (v === null) return 'null';
  if (ancestors.includes(v)) throw new UnserialisableError(pathOf(root), 'a reference back to one of its parents (a cycle)');
  ancestors.push(v);
  let out: string;
  if (Array.isArray(v)) {
    out = '[';
    for (let i = 0; i < v.length; i++) {
      segments.push(i);
      out += (i ? ',' : '') + walk(v[i], root);
      segments.pop();
    }
    out += ']';
  } else {
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) {
      const kind = (proto?.constructor?.name as string | undefined) ?? 'unknown';
      throw new UnserialisableError(pathOf(root), `a ${kind} instance (only plain objects and arrays are allowed)`);
    }
    const rec = v as Record<string, unknown>;
    const names = Object.keys(rec);
    if (!isSorted(names)) names.sort();
    out = '{';
    let first = true;
    for (const name of names) {
      const field = rec[name];
      if (field === undefined) continue;
      segments.push(name);
      out += (first ? '"' : ',"') + (/^[\w$-]*$/.test(name) ? name : JSON.stringify(name).slice(1, -1)) + '":' + walk(field, root);
      segments.pop();
      first = false;
    }
    out += '}';
  }
  ancestors.pop();
  return out;
}

/**
 * Canonical JSON of plain data, with object keys sorted, so that equal states give equal keys
 * whatever order their fields were built in.
 *
 * Throws `UnserialisableError` naming the path of a function, symbol, bigint, non-finite number,
 * cycle, or non-plain object (Map, Set, Date, class instance). Object fields whose value is
 * `undefined` are omitted, as in JSON. Pure (its scratch stacks are reset on every call).
 */
export function stableKey(value: unknown, root = 'state'): string {
  segments.length = 0;
  ancestors.length = 0;
  return walk(value, root);
}
