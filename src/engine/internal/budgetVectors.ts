/** The most vectors `budgetVectors` gives as a whole box. */
export const BOX_MOST = 64;

/**
 * The budget vectors subsumption asks a state's properties about (guarantee 3, `Subsumer`), for
 * budgets of at most `most` and a state with `left`: every vector from none left to `most` (the
 * box, in lexicographic order) when there are at most `BOX_MOST` of them; else each budget in
 * turn at each of its values, the others as in `left`, a line through the state per budget.
 */
export function budgetVectors(most: readonly number[], left: readonly number[]): number[][] {
  let size = 1;
  for (const m of most) size *= m + 1;
  if (size <= BOX_MOST) {
    let box: number[][] = [[]];
    for (const m of most) box = box.flatMap((v) => Array.from({ length: m + 1 }, (_, n) => [...v, n]));
    return box;
  }
  const lines: number[][] = [];
  most.forEach((m, i) => {
    for (let n = 0; n <= m; n++) lines.push(left.map((x, j) => (j === i ? n : x)));
  });
  return lines;
}
