import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { format } from "../src/index.js";
import { LINT_CATALOG, lint } from "../src/lint/index.js";
import { kqlAst } from "./helpers/arbitraries.js";

describe("lint on generated queries", () => {
  it("never throws, and every finding is catalogued and lies inside the text", () => {
    fc.assert(
      fc.property(kqlAst, (ast) => {
        const query = format(ast);
        for (const f of lint(query)) {
          expect(LINT_CATALOG[f.code].severity).toBe(f.severity);
          expect(0 <= f.range.start && f.range.start <= f.range.end && f.range.end <= query.length).toBe(
            true,
          );
          if (f.fix) expect(f.fix.range.end).toBeLessThanOrEqual(query.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
