/**
 * dsl-typed.json: the typed conversion with each case's data-view field set and config, or Kibana's
 * error text for the nested checks.
 */
import { describe, expect, it } from "vitest";
import { KqlDslError, toElasticsearchQuery } from "../src/dsl/index.js";
import { typedDslFile } from "./helpers/conformance.js";
import { hasShared } from "./helpers/shared.js";

const { cases, field_sets: fieldSets } = typedDslFile;

describe.skipIf(!hasShared)("conformance dsl-typed.json", () => {
  it("has the documented number of cases", () => {
    expect(cases.length).toBe(45);
  });
  for (const c of cases) {
    it(`${c.id}: ${JSON.stringify(c.query)}`, () => {
      const fields = fieldSets[c.field_set];
      expect(fields, `field set ${c.field_set}`).toBeDefined();
      const run = () => toElasticsearchQuery(c.query, { fields: fields!, ...c.config });
      if (c.ok) {
        expect(run()).toStrictEqual(c.dsl);
      } else {
        const error = thrown(run);
        expect(error).toBeInstanceOf(KqlDslError);
        expect((error as KqlDslError).message).toBe(c.error);
      }
    });
  }
});

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
