/**
 * parse.json: every accepted case with a `dsl` must give exactly Kibana's untyped DSL (deep equality,
 * current escape set) — both from the conformance tree (independent of our parser) and from the text.
 */
import { describe, expect, it } from "vitest";
import { astToElasticsearchQuery, toElasticsearchQuery } from "../src/dsl/index.js";
import { parseCases } from "./helpers/conformance.js";
import { astFromNeutral } from "./helpers/conformance-ast.js";
import { groupBy, hasShared } from "./helpers/shared.js";

const withDsl = parseCases.filter((c) => c.ok && c.ast !== undefined && c.dsl !== undefined);

describe.skipIf(!hasShared)("conformance parse.json: untyped DSL", () => {
  it("has every accepted case", () => {
    expect(withDsl.length).toBe(parseCases.filter((c) => c.ok).length);
    expect(withDsl.length).toBe(355);
  });
  for (const [group, cases] of groupBy(withDsl, (c) => c.group)) {
    describe(group, () => {
      for (const c of cases) {
        it(`${c.id}: ${JSON.stringify(c.query)}`, () => {
          expect(astToElasticsearchQuery(astFromNeutral(c.ast!))).toStrictEqual(c.dsl);
          expect(toElasticsearchQuery(c.query)).toStrictEqual(c.dsl);
        });
      }
    });
  }
});
