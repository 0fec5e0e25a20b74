/**
 * The line holding an offset, by binary search over ascending line-start offsets. Shared by the
 * CNI parser's LineIndex and the log LineIndex.
 */
export function lineOfOffset(starts: ArrayLike<number>, offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
