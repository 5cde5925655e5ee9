import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { SharedVisited } from './SharedVisited.ts';

/**
 * Two threads claiming the same new states at once, as two workers meeting the same successors do.
 * A claim reads a slot's word plainly, then takes the slot with a compare-and-exchange; between
 * the two another thread may take it, and the exchange's answer must then be heeded. The window
 * is a few instructions wide, but two threads that start together and run through the same
 * fingerprints in the same order meet in it often (the one behind, finding slots taken, does less
 * work and catches up): hundreds of lost exchanges a round in the main thread alone, when
 * counted. A claim that ignored the answer would give one state two ids.
 *
 * A stress test: correct code passes it whatever the timing. A claim that ignores the exchange's
 * answer failed it in the first round in every try, on two cores, idle or with a third process
 * busy beside it.
 */
const STATES = 40_000;
const ROUNDS = 20;

/** The worker: claims the round's fingerprints each time the main thread says go (`go[0]` = round), reports its new ones. */
const racer = `
const { workerData, parentPort } = require('node:worker_threads');
(async () => {
  (await import('tsx/esm/api')).register();
  const { SharedVisited } = await import(workerData.module);
  const v = new SharedVisited(workerData.buffers);
  const go = new Int32Array(workerData.go);
  parentPort.postMessage('ready');
  for (let round = 1; round <= workerData.rounds; round++) {
    // Spun, not slept: the two threads start within a cache line's round trip of each other.
    while (Atomics.load(go, 0) !== round);
    Atomics.store(go, 3, round);
    let fresh = 0;
    for (let i = 1; i <= workerData.states; i++) if (v.claim(Math.imul(i, 0x9e3779b1), i, -1, 0, 1) >= 0) fresh++;
    Atomics.store(go, 2, fresh);
    Atomics.store(go, 1, round);
    Atomics.notify(go, 1);
  }
})().catch((e) => parentPort.postMessage(String(e?.stack ?? e)));
`;

describe('SharedVisited under contention', () => {
  it('two threads claiming the same 40,000 new states at once: each state gets one id, from one of them', async () => {
    // Room for more ids than states, so that a state claimed twice shows in the count.
    const v = SharedVisited.create(2 * STATES, 2 ** 16);
    const go = new Int32Array(new SharedArrayBuffer(16));
    const worker = new Worker(racer, {
      eval: true,
      workerData: {
        module: new URL('./SharedVisited.ts', import.meta.url).href,
        buffers: v.buffers,
        go: go.buffer,
        rounds: ROUNDS,
        states: STATES,
      },
    });
    try {
      const [hello] = (await Promise.race([once(worker, 'message'), once(worker, 'error')])) as unknown[];
      expect(hello).toBe('ready');
      const table = new Int32Array(v.buffers.table);
      const counter = new Int32Array(v.buffers.counter);
      for (let round = 1; round <= ROUNDS; round++) {
        table.fill(0);
        counter.fill(0);
        Atomics.store(go, 0, round);
        const startBy = Date.now() + 30_000;
        while (Atomics.load(go, 3) !== round) if (Date.now() > startBy) throw new Error(`the racing thread did not start round ${round}`);
        let fresh = 0;
        for (let i = 1; i <= STATES; i++) if (v.claim(Math.imul(i, 0x9e3779b1), i, -1, 0, 0) >= 0) fresh++;
        const waitUntil = Date.now() + 30_000;
        while (Atomics.load(go, 1) !== round) {
          if (Date.now() > waitUntil) throw new Error(`the racing thread did not finish round ${round}`);
          Atomics.wait(go, 1, round - 1, 10);
        }
        expect({ round, claimed: fresh + Atomics.load(go, 2), size: v.size }).toEqual({ round, claimed: STATES, size: STATES });
      }
      // Every fingerprint of the last round is found again, each under its own id.
      const ids = new Set<number>();
      for (let i = 1; i <= STATES; i++) if (v.claim(Math.imul(i, 0x9e3779b1), i, -1, 0, 0) === -1) ids.add(v.seen);
      expect(ids.size).toBe(STATES);
    } finally {
      await worker.terminate();
    }
  }, 60_000);
});
