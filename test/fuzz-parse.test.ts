import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { format, KqlSyntaxError, parse } from "../src/parser/index.js";
import { kqlAst } from "./helpers/arbitraries.js";
import { corpusRules } from "./helpers/corpus.js";
import { runs } from "./helpers/fuzz.js";
import { hasShared } from "./helpers/shared.js";
import { stripRanges } from "./helpers/strip.js";

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
  // format∘parse is idempotent: formatting formatted text changes nothing.
  expect(format(formatted)).toBe(formatted);
}

describe.skipIf(!hasShared)("fuzz: truncated and mutated corpus queries", () => {
  const queries = corpusRules().map((r) => r.toml.rule.query ?? "");

  it("every prefix cut of every corpus query parses or raises KqlSyntaxError", () => {
    expect(queries.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(fc.constantFrom(...queries), fc.double({ min: 0, max: 1, noNaN: true }), (query, at) => {
        parsesCleanly(query.slice(0, Math.floor(query.length * at)));
      }),
      { numRuns: runs(300) },
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
      { numRuns: runs(300) },
    );
  });
});

describe("fuzz: random text", () => {
  /** Characters the lexer treats specially, keywords, every kind of whitespace, surrogates. */
  const unit = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...'ab.:()<>="\\*{} \t\n\r'.split("")) },
    { weight: 2, arbitrary: fc.constantFrom(" or ", " and ", "not ", "or", "and", "not", "\\u00e9", "\\u") },
    {
      weight: 1,
      arbitrary: fc.constantFrom("\u00a0", "\u2028", "\uFEFF", "\uD800", "\uDC00", "😀", "é", "\u0000"),
    },
  );

  it("any text parses or raises KqlSyntaxError; accepted text round-trips through format", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit, maxLength: 60 }),
          fc.string({ maxLength: 40 }),
          fc.string({ unit: "binary", maxLength: 40 }),
        ),
        parsesCleanly,
      ),
      { numRuns: runs(3000) },
    );
  });

  it("grammar-generated trees format to text that parses back to the same tree, and format is idempotent", () => {
    fc.assert(
      fc.property(kqlAst, (ast) => {
        const formatted = format(ast);
        expect(stripRanges(parse(formatted))).toEqual(stripRanges(ast));
        expect(format(formatted)).toBe(formatted);
      }),
      { numRuns: runs(1500) },
    );
  });
});
