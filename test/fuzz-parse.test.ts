import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { format, KqlSyntaxError, parse } from "../src/parser/index.js";
import { corpusRules } from "./helpers/corpus.js";
import { hasShared } from "./helpers/shared.js";
import { stripRanges } from "./helpers/strip.js";

const runs = Number(process.env.FC_RUNS ?? 300);

/** Parses, and when the text is accepted, checks that formatting round-trips. */
function parsesCleanly(query: string): void {
  let ast: ReturnType<typeof parse>;
  try {
    ast = parse(query);
  } catch (error) {
    expect(error).toBeInstanceOf(KqlSyntaxError);
    const e = error as KqlSyntaxError;
    expect(e.offset).toBeGreaterThanOrEqual(0);
    expect(e.offset).toBeLessThanOrEqual(query.length);
    expect(e.message).toContain("^");
    return;
  }
  const formatted = format(ast);
  expect(stripRanges(parse(formatted))).toEqual(stripRanges(ast));
}

describe.skipIf(!hasShared)("fuzz: truncated and mutated corpus queries", () => {
  const queries = corpusRules().map((r) => r.toml.rule.query ?? "");

  it("every prefix cut of every corpus query parses or raises KqlSyntaxError", () => {
    expect(queries.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(fc.constantFrom(...queries), fc.double({ min: 0, max: 1, noNaN: true }), (query, at) => {
        parsesCleanly(query.slice(0, Math.floor(query.length * at)));
      }),
      { numRuns: runs },
    );
  });

  it("random edits (insert, delete, replace with special characters) never escape as other errors", () => {
    const special = fc.constantFrom(
      ...'():<>"*{}\\ \t\n'.split(""),
      " or ",
      " and ",
      "not ",
      "\\u00",
      "\u00a0",
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...queries),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(3), special), {
          minLength: 1,
          maxLength: 5,
        }),
        (query, edits) => {
          let text = query;
          for (const [where, remove, insert] of edits) {
            const at = Math.floor(text.length * where);
            text = text.slice(0, at) + insert + text.slice(at + remove);
          }
          parsesCleanly(text);
        },
      ),
      { numRuns: runs },
    );
  });
});
