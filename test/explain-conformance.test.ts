import { describe, expect, it } from "vitest";
import { explain, renderExplanation } from "../src/eval/explain/index.js";
import { evalCases, evalOptions } from "./helpers/conformance.js";
import { hasShared } from "./helpers/shared.js";

const cases = evalCases;

const optionsOf = evalOptions;

/** explain over ../shared/conformance/eval.json: the same answers as the spec, and never a throw. */
describe.skipIf(!hasShared)("explain on eval.json", () => {
  const errors = cases.filter((c) => c.es_error);

  it("has the 18 es_error cases", () => {
    expect(errors).toHaveLength(18);
  });

  for (const c of errors) {
    it(`${c.id}: ${c.query} — refused, explained with an error`, () => {
      const explanation = explain(c.query, c.doc, optionsOf(c));
      expect(explanation.result).toBe(false);
      expect(explanation.error).toMatchObject({ code: expect.stringMatching(/^KQL_/) });
      expect(["kibana", "elasticsearch"]).toContain(explanation.error?.origin);
      expect(renderExplanation(explanation)).toContain(explanation.error?.message);
    });
  }

  it("answers every other case as the spec does, with a consistent root", () => {
    const wrong: string[] = [];
    for (const c of cases.filter((x) => !x.es_error)) {
      const explanation = explain(c.query, c.doc, optionsOf(c));
      if (explanation.result !== c.match || explanation.root?.result !== c.match || explanation.error)
        wrong.push(`${c.id}: ${c.query}`);
    }
    expect(wrong).toEqual([]);
    expect(cases.length - errors.length).toBe(354);
  });
});
