import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileQuery, evaluateReference, KqlCompileError } from "../src/eval/index.js";
import { EVAL_FIELDS, evalEvent, evalQuery } from "./helpers/eval-arbitraries.js";

/** The compiled predicate and the plain reference interpreter agree on random trees × random events. */
describe("compiled predicate vs reference interpreter", () => {
  it("agree on random queries and events", () => {
    fc.assert(
      fc.property(
        evalQuery,
        fc.array(evalEvent, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (ast, events, strict) => {
          const options = { schema: EVAL_FIELDS, now: "2024-05-10T12:00:00Z", strict };
          let predicate: ((e: object) => boolean) | undefined;
          try {
            predicate = compileQuery(ast, options);
          } catch (error) {
            if (!(error instanceof KqlCompileError)) throw error;
          }
          for (const e of events) {
            const expected = evaluateReference(ast, e, options);
            if (predicate === undefined) expect(expected).toBe(false);
            else expect(predicate(e)).toBe(expected);
          }
        },
      ),
      { numRuns: 1500 },
    );
  });
});
