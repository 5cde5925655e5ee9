/** Share of the machine's (or the container's) memory the CLI's heap may grow to. */
export declare const HEAP_SHARE: number;

/** What the launcher knows of the machine, to size the CLI's heap (see `heapLimit.js`). */
export interface HeapMachine {
  /** NODE_OPTIONS, where a limit the user set is kept. */
  nodeOptions: string | undefined;
  /** The machine's memory (`os.totalmem()`). */
  totalBytes: number;
  /** A container's limit (`process.constrainedMemory()`): 0, a huge number or undefined when there is none. */
  constrainedBytes: number | undefined;
  /** V8's limit without the option (`v8.getHeapStatistics().heap_size_limit`). */
  defaultLimitBytes: number;
}

/**
 * The Node options that size the CLI's heap: `['--max-old-space-size=MB']` for half of the
 * memory, or none when the user set a limit in NODE_OPTIONS or half is not more than V8's default.
 */
export declare function heapLimitArgs(machine: HeapMachine): string[];
