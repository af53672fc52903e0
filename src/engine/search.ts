/** Last index i in [0, n) with arr[i] <= x, or -1. `arr` ascending (the replay's and teaching index's lookups). */
export function lastAtOrBefore(arr: ArrayLike<number>, n: number, x: number): number {
  let lo = 0, hi = n - 1, ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (arr[mid] <= x) { ans = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return ans;
}
