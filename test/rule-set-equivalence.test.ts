// RuleSet.match must return exactly the rules whose matches() is true, in order: checked against
// evaluating every rule one by one, on seeded synthetic events and on the real events of ../shared.
import { readFileSync } from "node:fs";
import fg from "fast-glob";
import { describe, expect, it } from "vitest";
import { generateEvents } from "../bench/synthetic.mjs";
import { compileRule } from "../src/rules/compile-rule.js";
import type { CompiledRule, EventContext } from "../src/rules/compiled-rule.js";
import { compileRules } from "../src/rules/rule-set.js";
import { builtinSchema } from "../src/schema/schema.js";
import { corpusRules } from "./helpers/corpus.js";
import { hasShared, sharedPath } from "./helpers/shared.js";

const rules: CompiledRule[] = hasShared
  ? corpusRules()
      .filter((doc) => (doc.toml.rule.language ?? "kuery") === "kuery")
      .map((doc) => compileRule(doc.source, { fileName: doc.file }))
  : [];

/** Datasets the rules name, so synthetic events land in indices the rules cover. */
function datasets(): string[] {
  const names = new Set<string>();
  for (const rule of rules) {
    for (const pattern of rule.index) {
      const m = /^logs-([a-z0-9_]+\.[a-z0-9_]+)[-*]/.exec(pattern);
      if (m?.[1]) names.add(m[1]);
    }
  }
  return [...names].sort();
}

const ids = (list: Iterable<CompiledRule>) => [...list].map((rule) => rule.id);

/** Compares the set with the one-by-one reference on each event; returns how many events matched. */
function compare(events: readonly object[], withIndex: (event: object) => EventContext | undefined): number {
  const set = compileRules(rules);
  let matched = 0;
  const mismatches: string[] = [];
  for (const event of events) {
    const context = withIndex(event);
    const expected = ids(rules.filter((rule) => rule.matches(event, context)));
    const actual = ids(set.match(event, context));
    if (expected.length > 0) matched++;
    if (actual.join() !== expected.join() && mismatches.length < 5) {
      mismatches.push(`${JSON.stringify(event).slice(0, 300)}\n  expected ${expected}\n  actual   ${actual}`);
    }
  }
  expect(mismatches).toEqual([]);
  return matched;
}

const indexOf = (event: object): EventContext => ({ index: (event as { _index: string })._index });

describe.skipIf(!hasShared)("RuleSet = every rule one by one, on synthetic events", () => {
  const seeds: readonly [number, number][] = [
    [1, 0.02],
    [7, 0.02],
    [42, 0.3],
    [1234, 0.6],
  ];
  it.each(seeds)("seed %i (derived share %d), with and without the events' index", (seed, derivedShare) => {
    const events = generateEvents({
      asts: rules.map((rule) => rule.ast),
      schema: builtinSchema(),
      datasets: datasets(),
      count: 8000,
      seed,
      derivedShare,
    });
    const withIndex = compare(events, indexOf);
    const without = compare(events, () => undefined);
    // Honest: the comparison covers events that match, not only misses.
    expect(withIndex).toBeGreaterThan(derivedShare > 0.1 ? 300 : 20);
    expect(without).toBeGreaterThan(0);
  });
});

describe.skipIf(!hasShared)("RuleSet = every rule one by one, on ../shared/events", () => {
  const files = hasShared ? fg.sync("*.ndjson", { cwd: sharedPath("events") }).sort() : [];
  it.each(files)("%s, with and without _index = logs-<dataset>-default", (file) => {
    const dataset = file.replace(/\.ndjson$/, "");
    const events = readFileSync(sharedPath("events", file), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    compare(events, () => undefined);
    const indexed = events.map((event) => ({ ...event, _index: `logs-${dataset}-default` }));
    compare(indexed, indexOf);
  });
});
