// Suite 6: how RuleSet cost grows with the number of rules (10, 100, all) and with event size.
import { compileRules } from "../dist/index.js";
import { corpusSet, syntheticEvents } from "./fixtures.mjs";
import { formatNs, measure, printTable } from "./harness.mjs";
import { createRng } from "./synthetic.mjs";

/** A seeded sample of `n` rules, in corpus order. */
function sample(rules, n) {
  if (n >= rules.length) return rules;
  const rng = createRng(11);
  const picked = new Set();
  while (picked.size < n) picked.add(rng.int(rules.length));
  return [...picked].sort((a, b) => a - b).map((i) => rules[i]);
}

/** The same events with `extra` unrelated fields each (nested objects, some arrays). */
function enlarge(events, extra) {
  const rng = createRng(13);
  return events.map((event) => {
    const big = { ...event, extra: {} };
    for (let i = 0; i < extra; i++) {
      const group = `g${i % 8}`;
      big.extra[group] ??= {};
      big.extra[group][`f${i}`] = rng.chance(0.2) ? [`v${i}`, rng.int(1000)] : `value-${rng.int(1e6)}`;
    }
    return big;
  });
}

export function run() {
  const { rules } = corpusSet();
  const base = syntheticEvents({ count: 10_000, seed: 9 });
  const sizes = [
    ["small (synthetic)", base],
    ["+40 fields", enlarge(base, 40)],
    ["+200 fields", enlarge(base, 200)],
  ];
  const counts = [10, 100, rules.length];
  const rows = [
    [
      "rules",
      ...sizes.map(([name, events]) => `${name}, ${(JSON.stringify(events[0]).length / 1024).toFixed(1)} KB`),
    ],
  ];
  const result = {};
  for (const n of counts) {
    const set = compileRules(sample(rules, n));
    const row = [String(n)];
    for (const [name, events] of sizes) {
      const contexts = events.map((event) => ({ index: event._index }));
      const ns = measure(
        () => {
          for (let i = 0; i < events.length; i++) set.match(events[i], contexts[i]);
        },
        { units: events.length, rounds: 5, minMs: 100 },
      );
      row.push(formatNs(ns));
      result[`${n} rules / ${name}`] = ns;
    }
    rows.push(row);
  }
  printTable("RuleSet cost per event by rule count and event size", rows);
  return result;
}
