import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { format, parse } from "../src/parser/index.js";
import { kqlAst } from "./helpers/arbitraries.js";
import { corpusRules } from "./helpers/corpus.js";
import { hasShared, readSharedJson } from "./helpers/shared.js";
import { stripRanges } from "./helpers/strip.js";

function roundTrips(query: string): void {
  const ast = parse(query);
  const formatted = format(ast);
  expect(stripRanges(parse(formatted))).toEqual(stripRanges(ast));
  expect(format(formatted)).toBe(formatted);
}

describe("format", () => {
  it.each([
    ["event.action:(a OR b)", "event.action:(a or b)"],
    ["a:1 AND NOT b:2", "a:1 and not b:2"],
    ["f : x", "f:x"],
    ["f:a or f:b", "f:(a or b)"],
    ["f:((a or b) and not c)", "f:((a or b) and not c)"],
    ["not (a:1 or b:2)", "not (a:1 or b:2)"],
    ["(a:1 and b:2) and c:3", "(a:1 and b:2) and c:3"],
    ['f:"C:\\Windows"', 'f:"C:\\\\Windows"'],
    ["f:C\\:\\\\Windows", "f:C\\:\\\\Windows"],
    ["f:\\*literal*", "f:\\*literal*"],
    ["n >= 10", "n >= 10"],
    ["p:{ a:1 and b:{ c:2 } }", "p:{ a:1 and b:{ c:2 } }"],
    ["", "*:*"],
    ["f:*", "f:*"],
    ["foo bar", "foo bar"],
    ['"quoted" or other', '"quoted" or other'],
    ["f:\\NOT", "f:\\NOT"],
    ["f:x\\Not", "f:x\\Not"],
    ["f:\\u0074rue", "f:true"],
    ['f:"can not"', 'f:"can not"'],
    // A value of only trimmed-away whitespace is an unquoted empty text (found by test/fuzz-parse).
    ["f:\u000b", "f:\\t"],
    ["\f", "\\t"],
  ])("%s → %s", (query, expected) => {
    expect(format(query)).toBe(expected);
    roundTrips(query);
  });

  it("escapes keywords inside unquoted values so they stay values", () => {
    const ast = parse("f:(a \\or b)");
    expect(format(ast)).toBe("f:a \\or b");
    const not = {
      type: "match",
      field: { kind: "literal", value: "f", quoted: false, range: { start: 0, end: 0 } },
      value: { kind: "literal", value: "can not", quoted: false, range: { start: 0, end: 0 } },
      range: { start: 0, end: 0 },
    } as const;
    expect(stripRanges(parse(format(not)))).toEqual(stripRanges(not));
  });

  it("breaks long value lists at the line width", () => {
    const query = `process.name:(${Array.from({ length: 12 }, (_, i) => `program-${i}.exe`).join(" or ")})`;
    const formatted = format(query, { lineWidth: 60 });
    expect(formatted.split("\n").length).toBe(14);
    expect(formatted.split("\n").every((line) => line.length <= 60)).toBe(true);
    expect(stripRanges(parse(formatted))).toEqual(stripRanges(parse(query)));
  });

  it("round-trips random ASTs and is idempotent", () => {
    fc.assert(
      fc.property(kqlAst, (ast) => {
        const formatted = format(ast);
        const reparsed = parse(formatted);
        expect(stripRanges(reparsed)).toEqual(stripRanges(ast));
        expect(format(reparsed)).toBe(formatted);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 400) },
    );
  });
});

describe.skipIf(!hasShared)("format: corpus and conformance round-trip", () => {
  it("every corpus query", () => {
    const rules = corpusRules();
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) roundTrips(rule.toml.rule.query ?? "");
  });

  it("every accepted conformance query", () => {
    const cases = readSharedJson<{ query: string; ok: boolean }[]>("conformance", "parse.json");
    const evalCases = readSharedJson<{ query: string }[]>("conformance", "eval.json");
    const accepted = [...cases.filter((c) => c.ok), ...evalCases];
    expect(accepted.length).toBeGreaterThan(700);
    for (const c of accepted) roundTrips(c.query);
  });
});
