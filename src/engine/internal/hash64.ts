/**
 * The 64-bit fingerprints of the visited set, as two 32-bit halves written into `into[0]` (high)
 * and `into[1]` (low), so that hashing allocates nothing.
 *
 * Each half is a different, well-studied 32-bit hash of the same input (murmur3's block step and
 * xxHash32's round for numbers; cyrb53's two multiplicative lanes for text), and both are
 * finished by a mixing that is a bijection of the pair, so two inputs share a fingerprint only
 * when both halves collide: for n distinct inputs about n²/2⁶⁵ odds, as TLC and Stateright
 * document for theirs.
 */

/** murmur3's 32-bit finaliser: a bijection with full avalanche. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * The fingerprint of the tuple `values[0 .. n)` of 32-bit integers (a structural description, or
 * a model's packed state), into `into[0]` and `into[1]`. The length is hashed in, so a tuple and
 * its prefix differ.
 */
export function hashInts(values: ArrayLike<number>, n: number, into: Int32Array): void {
  let h1 = 0x9747b28c ^ n;
  let h2 = (0x165667b1 + n) | 0;
  for (let i = 0; i < n; i++) {
    const x = values[i]! | 0;
    // murmur3_32's block step.
    let k = Math.imul(x, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h1 ^= Math.imul(k, 0x1b873593);
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    // xxHash32's round.
    h2 = (h2 + Math.imul(x, 0x85ebca77)) | 0;
    h2 = (h2 << 13) | (h2 >>> 19);
    h2 = Math.imul(h2, 0x9e3779b1);
  }
  const hi = fmix32(h1);
  into[0] = hi;
  into[1] = fmix32(h2 ^ hi);
}

/**
 * The fingerprint of `text` (a model's own key, or a symmetric key), into `into[0]` and
 * `into[1]`: two 32-bit multiplicative hashes over the UTF-16 code units with different
 * multipliers, each finished with a full avalanche (the construction of cyrb53, kept to 64 bits).
 */
export function hashText(text: string, into: Int32Array): void {
  hashTextSeeded(text, 0xdeadbeef, into);
}

/**
 * `hashText` with its first lane started at `seed` instead of cyrb53's own: callers that hash
 * several kinds of text into one space keep them apart by seed.
 */
export function hashTextSeeded(text: string, seed: number, into: Int32Array): void {
  let h1 = seed;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  into[0] = h1;
  into[1] = h2;
}
