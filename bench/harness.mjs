// A tiny benchmark harness: warm up, then time several rounds and keep the median, so ratios taken in
// one run on one machine are comparable. No timing assertions live in tests; they live here.
import { performance } from "node:perf_hooks";

/** Runs `fn` (which processes `units` items per call) until `minMs` elapsed per round; median ns/unit. */
export function measure(fn, { units = 1, rounds = 7, minMs = 150 } = {}) {
  for (let i = 0; i < 3; i++) fn(); // warm-up: let the JIT settle
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    let calls = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      fn();
      calls += 1;
      elapsed = performance.now() - start;
    } while (elapsed < minMs);
    samples.push((elapsed * 1e6) / (calls * units));
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

export function formatNs(ns) {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(1)} ns`;
}

export function printTable(title, rows) {
  console.log(`\n## ${title}\n`);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  rows.forEach((row, index) => {
    console.log(`| ${row.map((cell, i) => String(cell).padEnd(widths[i])).join(" | ")} |`);
    if (index === 0) console.log(`| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`);
  });
}

/** `measure` for async work: `fn` returns a promise; median ns/unit over `rounds` rounds. */
export async function measureAsync(fn, { units = 1, rounds = 7, minMs = 150 } = {}) {
  for (let i = 0; i < 2; i++) await fn();
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    let calls = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      await fn();
      calls += 1;
      elapsed = performance.now() - start;
    } while (elapsed < minMs);
    samples.push((elapsed * 1e6) / (calls * units));
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

/** Events per second from ns per event. */
export const perSecond = (ns) => Math.round(1e9 / ns);
