/**
 * Property-test sizes. `runs(base)` is the count for the normal test run; `npm run fuzz` sets
 * FUZZ_SCALE (default 100 there) to run every `test/fuzz-*` property that many times longer.
 */
export function runs(base: number): number {
  return Math.max(1, Math.round(base * Number(process.env.FUZZ_SCALE ?? 1)));
}
