import { afterAll } from "vitest";

/**
 * Property-test sizes. `runs(base)` is the count for the normal test run; `npm run fuzz` sets
 * FUZZ_SCALE (default 100 there) to run every `test/fuzz-*` property that many times longer.
 */
export function runs(base: number): number {
  const count = Math.max(1, Math.round(base * Number(process.env.FUZZ_SCALE ?? 1)));
  planned += count;
  return count;
}

let planned = 0;

// Under `npm run fuzz`, each file reports how many cases its properties ran (when none failed).
if (process.env.FUZZ_SCALE !== undefined) {
  afterAll(() => {
    console.log(`[fuzz] ${planned} cases at FUZZ_SCALE=${process.env.FUZZ_SCALE}`);
  });
}
