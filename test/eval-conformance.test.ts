import { describe, expect, it } from "vitest";
import { compileQuery, KqlCompileError } from "../src/eval/index.js";
import { evalCases, evalOptions } from "./helpers/conformance.js";
import { hasShared } from "./helpers/shared.js";

const cases = evalCases;
const groups = [...new Set(cases.map((c) => c.group))];

/**
 * Every case of ../shared/conformance/eval.json. The case's `fields` is the whole mapping (patterns
 * expand over exactly those names), so it replaces the built-in schema; absent fields follow the
 * dynamic-mapping default.
 */
describe.skipIf(!hasShared)("eval.json conformance", () => {
  it("has all 372 cases", () => {
    expect(cases).toHaveLength(372);
  });

  for (const group of groups) {
    describe(group, () => {
      for (const c of cases.filter((x) => x.group === group)) {
        it(`${c.id}: ${c.query} — ${c.note}`, () => {
          const options = evalOptions(c);
          if (c.es_error) {
            // The search fails: an error at compile time, or a predicate that never matches this event.
            let matched: boolean | undefined;
            try {
              matched = compileQuery(c.query, options)(c.doc);
            } catch (error) {
              expect(error).toBeInstanceOf(KqlCompileError);
              return;
            }
            expect(matched).toBe(false);
            return;
          }
          expect(compileQuery(c.query, options)(c.doc)).toBe(c.match);
        });
      }
    });
  }
});
