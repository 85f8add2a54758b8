/**
 * The two back ends must not drift apart: for random queries over a keyword / ip / long mapping, the
 * typed DSL Kibana would send (`toElasticsearchQuery`, `dateFormatTZ: "Zulu"`) run by the DSL interpreter
 * gives the same answer as the compiled predicate on random events — or both refuse the query (a compile
 * error on one side, `search_failed` or a conversion error on the other).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KqlDslError, toElasticsearchQuery } from "../src/dsl/index.js";
import { DslInterpretError, interpretDsl } from "../src/dsl/interpret/index.js";
import { compileQuery, KqlCompileError } from "../src/eval/index.js";
import type { KqlNode, RangeOperator, Term } from "../src/parser/ast.js";
import { format } from "../src/parser/index.js";
import type { FieldMap } from "../src/schema/index.js";
import { booleanTrees } from "./helpers/eval-arbitraries.js";
import { runs } from "./helpers/fuzz.js";
import { dataObject } from "./helpers/hostile.js";

const FIELDS = {
  k: "keyword",
  k2: "keyword",
  ip: "ip",
  n: "long",
  "o.k": "keyword",
  "o.n": "long",
} as const satisfies FieldMap;

const R = { start: 0, end: 0 };
const lit = (value: string | boolean, quoted = false): Term => ({ kind: "literal", value, quoted, range: R });
const wild = (parts: string[]): Term => ({ kind: "wildcard", parts, range: R });

/** Names the mapping knows, plus field-name patterns over it. */
const field: fc.Arbitrary<Term> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...Object.keys(FIELDS)).map((name) => lit(name)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(["k", ""], ["o.", ""], ["", "n"]).map((parts) => wild([...parts])),
  },
);
/** Values every field type reads differently: words, numbers, addresses, CIDR blocks, booleans. */
const text = fc.constantFrom(
  "a",
  "A",
  "a b",
  "1",
  "-3",
  "2.5",
  "007",
  "9007199254740993",
  "10.0.0.1",
  "10.0.0.0/8",
  "::1",
  "::ffff:10.0.0.1",
  "x*",
);
const value: fc.Arbitrary<Term> = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(text, fc.boolean()).map(([t, quoted]) => lit(t, quoted)) },
  { weight: 1, arbitrary: fc.boolean().map((b) => lit(b)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(["a", ""], ["", "0.1"], ["1", ""], ["10.", ""]).map((p) => wild([...p])),
  },
);
const op = fc.constantFrom<RangeOperator>("gt", "gte", "lt", "lte");

const leaf: fc.Arbitrary<KqlNode> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .tuple(field, value)
      .map(([f, v]): KqlNode => ({ type: "match", field: f, value: v, range: R })),
  },
  { weight: 1, arbitrary: field.map((f): KqlNode => ({ type: "exists", field: f, range: R })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(field, op, text)
      .map(([f, o, t]): KqlNode => ({ type: "range", field: f, op: o, value: lit(t), range: R })),
  },
);

const query = booleanTrees(leaf);

/** Document values of every family, including the ones a field type cannot index. */
const scalar = fc.constantFrom<unknown>(
  "a",
  "A",
  "a b",
  "x1",
  "1",
  "-3",
  1,
  -3,
  2.5,
  7,
  "10.0.0.1",
  "10.1.2.3",
  "::1",
  true,
  "",
  null,
);
const values = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }));
const event: fc.Arbitrary<object> = fc
  .record(
    {
      k: values,
      k2: values,
      ip: fc.oneof(
        fc.constantFrom("10.0.0.1", "10.200.0.1", "::1", "::ffff:10.0.0.1", null),
        fc.constant(["10.0.0.1", "::1"]),
      ),
      n: fc.oneof(fc.constantFrom(1, -3, 7, 2.5, "1", "12", null), fc.constant([1, 7])),
      o: fc.record({ k: values, n: fc.constantFrom(1, 7, -3) }, { requiredKeys: [] }),
      "o.k": values,
    },
    { requiredKeys: [] },
  )
  .map((e) => dataObject(Object.entries(e)));

type Answer = boolean | "refused";

function viaDsl(ast: KqlNode, doc: object): Answer {
  try {
    const dsl = toElasticsearchQuery(ast, { fields: FIELDS, dateFormatTZ: "Zulu" });
    return interpretDsl(dsl, doc, FIELDS);
  } catch (error) {
    if (error instanceof KqlDslError) return "refused";
    if (error instanceof DslInterpretError && error.code === "search_failed") return "refused";
    throw error;
  }
}

function viaEvaluator(ast: KqlNode, doc: object): Answer {
  let predicate: (event: object) => boolean;
  try {
    predicate = compileQuery(ast, { schema: FIELDS });
  } catch (error) {
    if (error instanceof KqlCompileError) return "refused";
    throw error;
  }
  return predicate(doc);
}

describe("fuzz: DSL interpreter vs compiled predicate", () => {
  it("give the same answer (or both refuse) on random queries × events", () => {
    const seen = new Map<Answer, number>();
    fc.assert(
      fc.property(query, fc.array(event, { minLength: 1, maxLength: 3 }), (ast, events) => {
        for (const doc of events) {
          const expected = viaEvaluator(ast, doc);
          // The message names the query as text: a failure reads as a KQL case to add to the conformance suite.
          expect(viaDsl(ast, doc), format(ast)).toBe(expected);
          seen.set(expected, (seen.get(expected) ?? 0) + 1);
        }
      }),
      { numRuns: runs(500) },
    );
    // Not vacuous: matches, non-matches and refusals all occurred.
    expect([...seen.keys()].sort()).toEqual([false, "refused", true]);
  });
});
