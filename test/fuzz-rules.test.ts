/**
 * Every corpus rule on random events: `matches()` and `explain()` always answer (a boolean, a JSON
 * explanation) and agree, whatever the event holds — hostile keys and values placed at the very field
 * names the rules query, spelled nested or dotted.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { KqlNode } from "../src/parser/ast.js";
import { termText } from "../src/parser/ast.js";
import type { CompiledRule } from "../src/rules/compiled-rule.js";
import { compileRule } from "../src/rules/index.js";
import { corpusRules } from "./helpers/corpus.js";
import { runs } from "./helpers/fuzz.js";
import {
  dataObject,
  hostileEvent,
  hostileKey,
  hostileScalar,
  PROTOTYPE_NAMES,
  valueWithKeys,
} from "./helpers/hostile.js";
import { hasShared } from "./helpers/shared.js";

/** Every literal field name a query compares. */
function fieldNames(node: KqlNode, out: Set<string>): Set<string> {
  switch (node.type) {
    case "and":
    case "or":
      for (const arg of node.args) fieldNames(arg, out);
      break;
    case "not":
      fieldNames(node.arg, out);
      break;
    case "nested":
      fieldNames(node.query, out);
      break;
    case "match":
    case "exists":
    case "range":
      if (node.field.kind === "literal") out.add(termText(node.field));
      break;
    default:
      break;
  }
  return out;
}

/** An object holding `value` at a dotted name, spelled nested, dotted, or half and half. */
function place(name: string, value: unknown, split: number): Record<string, unknown> {
  const segments = name.split(".");
  const at = Math.min(split, segments.length - 1);
  const head = segments.slice(0, at);
  let inner: unknown = dataObject([[segments.slice(at).join("."), value]]);
  for (const segment of head.reverse()) inner = dataObject([[segment, inner]]);
  return inner as Record<string, unknown>;
}

/** Merges objects key by key (later entries win), without ever assigning through `__proto__`. */
function merge(parts: readonly Record<string, unknown>[]): Record<string, unknown> {
  const entries = new Map<string, unknown>();
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      const before = entries.get(key);
      const both =
        before !== null &&
        typeof before === "object" &&
        !Array.isArray(before) &&
        value !== null &&
        typeof value === "object" &&
        !Array.isArray(value);
      entries.set(
        key,
        both ? merge([before as Record<string, unknown>, value as Record<string, unknown>]) : value,
      );
    }
  }
  return dataObject(entries);
}

describe.skipIf(!hasShared)("fuzz: corpus rules on random events", () => {
  let rules: CompiledRule[] = [];
  let names: string[] = [];

  beforeAll(() => {
    rules = corpusRules().map((rule) => compileRule(rule.source, { fileName: rule.file }));
    const found = new Set<string>();
    for (const rule of rules) fieldNames(rule.ast, found);
    names = [...found].sort();
  });

  it("matches() always answers, and explain() agrees with it", () => {
    expect(rules.length).toBeGreaterThan(700);
    const event = fc
      .tuple(
        fc.array(
          fc.tuple(
            fc.nat(),
            fc.oneof(hostileScalar, valueWithKeys(hostileKey), fc.array(hostileScalar, { maxLength: 3 })),
            fc.nat(4),
          ),
          { maxLength: 12 },
        ),
        hostileEvent,
      )
      .map(([fields, noise]) =>
        merge([
          // Now and then a prototype name one level below a queried field (`process.name.constructor`).
          ...fields.map(([i, v, split]) => {
            const name = names[i % names.length] as string;
            const below = i % 5 === 0 ? `${name}.${PROTOTYPE_NAMES[i % PROTOTYPE_NAMES.length]}` : name;
            return place(below, v, split);
          }),
          noise,
        ]),
      );
    const index = fc.constantFrom(
      undefined,
      "logs-aws.cloudtrail-default",
      "logs-endpoint.events.process-default",
    );
    fc.assert(
      fc.property(event, index, fc.nat(), (doc, name, pick) => {
        const context = name === undefined ? undefined : { index: name };
        for (const rule of rules) expect(typeof rule.matches(doc, context)).toBe("boolean");
        // Explaining every rule on every event is slow: one rule per event, chosen at random.
        const rule = rules[pick % rules.length] as CompiledRule;
        const explanation = rule.explain(doc, context);
        expect(explanation.matched).toBe(rule.matches(doc, context));
        expect(typeof JSON.stringify(explanation)).toBe("string");
      }),
      { numRuns: runs(40) },
    );
  });
});
