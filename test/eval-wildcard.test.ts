import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { queryStringClauses, splitAtWhitespace } from "../src/eval/query-string.js";
import { compileWildcard } from "../src/eval/wildcard.js";
import { naiveMatch } from "./helpers/wildcard-oracle.js";

const alphabet = fc.constantFrom("a", "b", "ab", " ", "?", "\\", "é", "\u{1F600}");
const segment = fc.array(alphabet, { maxLength: 3 }).map((xs) => xs.join(""));

describe("wildcard matcher", () => {
  it("agrees with a naive backtracking matcher on random patterns and values", () => {
    fc.assert(
      fc.property(
        fc.array(segment, { minLength: 1, maxLength: 5 }),
        fc.array(alphabet, { maxLength: 10 }),
        (parts, chars) => {
          const value = chars.join("");
          expect(compileWildcard(parts)(value)).toBe(naiveMatch(parts, value));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("matches values the pattern was built from", () => {
    fc.assert(
      fc.property(
        fc.array(segment, { minLength: 2, maxLength: 5 }),
        fc.array(segment, { minLength: 5, maxLength: 5 }),
        (parts, fillers) => {
          const value = parts.map((p, i) => (i === 0 ? p : `${fillers[i - 1]}${p}`)).join("");
          expect(compileWildcard(parts)(value)).toBe(true);
        },
      ),
    );
  });

  it("handles the pathological *a*a*…*b shape on a 100 KB value correctly", () => {
    const parts = ["", ...Array.from({ length: 40 }, () => "a"), "b"];
    const value = "a".repeat(100_000);
    expect(compileWildcard(parts)(value)).toBe(false);
    expect(compileWildcard(parts)(`${value}b`)).toBe(true);
  });
});

describe("query_string splitting of wildcard values", () => {
  it("splits at whitespace into wildcard, exists and merged plain clauses", () => {
    expect(splitAtWhitespace(["", "foo bar", ""])).toEqual([
      ["", "foo"],
      ["bar", ""],
    ]);
    expect(queryStringClauses(["", " curl", ""])).toEqual([
      { kind: "exists" },
      { kind: "wildcard", parts: ["curl", ""] },
    ]);
    expect(queryStringClauses(["a  b c", ""])).toEqual([
      { kind: "plain", text: "a b" },
      { kind: "wildcard", parts: ["c", ""] },
    ]);
    expect(queryStringClauses(["x", "\ty\u3000z"])).toEqual([
      { kind: "wildcard", parts: ["x", ""] },
      { kind: "plain", text: "y z" },
    ]);
  });
});
