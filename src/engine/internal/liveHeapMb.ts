import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// The heap in use counts garbage not yet collected (for example a previous check's states), so
// a bound on it alone would stop a search that still has room. Before a bound is declared
// reached, the heap is collected once and measured again. `gc` is V8's own full collection,
// exposed for this purpose only.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** Megabytes of JavaScript heap in use now, garbage included. Cheap. */
export function heapInUseMb(): number {
  return getHeapStatistics().used_heap_size / 2 ** 20;
}

/** Megabytes of JavaScript heap in use after a full collection: what is really alive. Costly. */
export function liveHeapMb(): number {
  collect();
  return heapInUseMb();
}
