// The heap the launcher gives the CLI. V8's default old-space limit is about 4 GB on a 64-bit
// machine, whatever the machine holds, and the search's default memory bound is 70% of it: a
// large scope stopped `incomplete` at about 2.9 GB on a machine with 24 GB free. So the launcher
// raises the limit to half of the machine's memory (or of the container's, if it is less), and
// never lowers it. A limit the user chose (`--max-old-space-size` in NODE_OPTIONS) is kept.

/** Share of the machine's (or the container's) memory the CLI's heap may grow to. */
export const HEAP_SHARE = 0.5;

/**
 * The Node options that size the CLI's heap: `['--max-old-space-size=MB']`, or none when the user
 * set a limit in NODE_OPTIONS, or when half of the memory is not more than V8's default.
 *
 * @param {{ nodeOptions: string | undefined, totalBytes: number, constrainedBytes: number | undefined, defaultLimitBytes: number }} machine
 *   NODE_OPTIONS; the machine's memory (`os.totalmem()`); a container's limit
 *   (`process.constrainedMemory()`, 0 or a huge number when there is none); V8's limit today
 *   (`v8.getHeapStatistics().heap_size_limit`).
 * @returns {string[]}
 */
export function heapLimitArgs({ nodeOptions, totalBytes, constrainedBytes, defaultLimitBytes }) {
  if (/(^|\s)--max[-_]old[-_]space[-_]size\b/.test(nodeOptions ?? '')) return [];
  const memory = constrainedBytes && constrainedBytes > 0 ? Math.min(totalBytes, constrainedBytes) : totalBytes;
  const mb = Math.floor((memory * HEAP_SHARE) / 2 ** 20);
  return mb * 2 ** 20 > defaultLimitBytes ? [`--max-old-space-size=${mb}`] : [];
}
