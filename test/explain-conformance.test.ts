import { describe, expect, it } from "vitest";
import { explain, renderExplanation } from "../src/eval/explain/index.js";
import type { FieldType } from "../src/schema/index.js";
import { hasShared, readSharedJson } from "./helpers/shared.js";

interface EvalCase {
  readonly id: string;
  readonly query: string;
  readonly fields: Record<string, FieldType>;
  readonly es_types?: Record<string, FieldType[]>;
  readonly doc: object;
  readonly now?: string;
  readonly match: boolean;
  readonly es_error?: boolean;
  readonly note: string;
}

const cases: EvalCase[] = hasShared ? readSharedJson<EvalCase[]>("conformance", "eval.json") : [];

function optionsOf(c: EvalCase) {
  return { schema: c.fields, ...(c.es_types && { esTypes: c.es_types }), ...(c.now && { now: c.now }) };
}

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
