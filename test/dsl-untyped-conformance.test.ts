/**
 * parse.json: every accepted case with a `dsl` — the neutral tree converted to ours and through the
 * untyped conversion must give exactly Kibana's DSL (deep equality, current escape set).
 */
import { describe, expect, it } from "vitest";
import { astToElasticsearchQuery } from "../src/dsl/from-ast.js";
import { byGroup, parseCases } from "./helpers/conformance.js";
import { astFromNeutral } from "./helpers/conformance-ast.js";
import { hasShared } from "./helpers/shared.js";

const withDsl = parseCases.filter((c) => c.ok && c.ast !== undefined && c.dsl !== undefined);

describe.skipIf(!hasShared)("conformance parse.json: untyped DSL from the conformance tree", () => {
  it("has cases to run", () => {
    expect(withDsl.length).toBeGreaterThan(300);
  });
  for (const [group, cases] of byGroup(withDsl)) {
    describe(group, () => {
      for (const c of cases) {
        it(`${c.id}: ${c.query}`, () => {
          expect(astToElasticsearchQuery(astFromNeutral(c.ast!))).toStrictEqual(c.dsl);
        });
      }
    });
  }
});
