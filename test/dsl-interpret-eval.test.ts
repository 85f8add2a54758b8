/**
 * eval.json through the DSL: for every case whose mapping stays inside the interpreter's subset
 * (keyword-like, integer, ip, boolean, nested), the typed DSL that Kibana's detection engine would build
 * (data view from the case's fields, limited to the names the query uses, `dateFormatTZ: Zulu`), run by
 * the DSL interpreter on the case's document, must give the expected result — or fail where
 * Elasticsearch or Kibana would (`es_error`).
 */
import { describe, expect, it } from "vitest";
import { KqlDslError, toElasticsearchQuery } from "../src/dsl/index.js";
import { DslInterpretError, interpretDsl } from "../src/dsl/interpret/index.js";
import { evalCases } from "./helpers/conformance.js";
import { groupBy, hasShared } from "./helpers/shared.js";

// constant_keyword is left out: its value comes from the index, not the document.
const SUBSET = new Set([
  "keyword",
  "wildcard",
  "long",
  "integer",
  "short",
  "byte",
  "ip",
  "boolean",
  "nested",
]);

/** Groups that need machinery the interpreter does not model: normalizers, dynamic mapping. */
const OUT_OF_SCOPE_GROUPS = new Set(["caseless-multi-fields", "unmapped-fields"]);

const inScope = evalCases.filter(
  (c) => !OUT_OF_SCOPE_GROUPS.has(c.group) && Object.values(c.fields).every((type) => SUBSET.has(type)),
);

describe.skipIf(!hasShared)("eval.json through typed DSL + DSL interpreter", () => {
  it("covers a substantial part of eval.json", () => {
    expect(inScope.length).toBe(289);
  });
  for (const [group, cases] of groupBy(inScope, (c) => c.group)) {
    describe(group, () => {
      for (const c of cases) {
        it(`${c.id}: ${JSON.stringify(c.query)}`, () => {
          const outcome = run(c.query, c.fields, c.es_types, c.doc);
          if (c.es_error) expect(outcome).toBe("error");
          else expect(outcome).toBe(c.match);
        });
      }
    });
  }
});

function run(
  query: string,
  fields: Record<string, string>,
  esTypes: Record<string, string[]> | undefined,
  doc: unknown,
): boolean | "error" {
  try {
    const dsl = toElasticsearchQuery(query, {
      fields,
      ...(esTypes ? { esTypes } : {}),
      restrictToQueryFields: true,
      dateFormatTZ: "Zulu",
    });
    return interpretDsl(dsl, doc, fields);
  } catch (error) {
    if (error instanceof KqlDslError) return "error";
    if (error instanceof DslInterpretError && error.code === "search_failed") return "error";
    throw error;
  }
}
