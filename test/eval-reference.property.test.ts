import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileQuery, evaluateReference, KqlCompileError } from "../src/eval/index.js";
import type { KqlNode, RangeOperator, Term } from "../src/parser/ast.js";
import type { FieldMap } from "../src/schema/index.js";

/** The compiled predicate and the plain reference interpreter agree on random trees × random events. */
const FIELDS: FieldMap = {
  k: "keyword",
  w: "wildcard",
  t: "match_only_text",
  n: "long",
  f: "double",
  ip: "ip",
  d: "date",
  b: "boolean",
  "o.k": "keyword",
  "o.n": "integer",
  nest: "nested",
  "nest.k": "keyword",
  "nest.n": "long",
  fl: "flattened",
};

const R = { start: 0, end: 0 };
const lit = (value: string | boolean | null, quoted = false): Term => ({
  kind: "literal",
  value,
  quoted,
  range: R,
});
const wild = (parts: string[]): Term => ({ kind: "wildcard", parts, range: R });

const fieldName = fc.constantFrom(
  "k",
  "w",
  "t",
  "n",
  "f",
  "ip",
  "d",
  "b",
  "o.k",
  "o.n",
  "o",
  "fl.x",
  "u.s",
  "u.n",
  "u",
  "k.caseless",
);
const fieldPattern = fc.constantFrom(["o.", ""], ["", "k"], ["u.", ""], ["", ""], ["fl", ""]);
const fieldTerm: fc.Arbitrary<Term> = fc.oneof(
  { weight: 4, arbitrary: fieldName.map((n) => lit(n)) },
  { weight: 1, arbitrary: fieldPattern.map((p) => wild([...p])) },
);
const text = fc.constantFrom(
  "a",
  "A",
  "a b",
  "hello",
  "Hello World",
  "1",
  "2.5",
  "-3",
  "10.0.0.1",
  "10.0.0.0/8",
  "2024-05-10",
  "2024-05-10T12:00:00Z",
  "now-1d",
  "x y",
);
const value: fc.Arbitrary<Term> = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(text, fc.boolean()).map(([t, q]) => lit(t, q)) },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null).map((v) => lit(v)) },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom(["a", ""], ["", "b", ""], ["", " x", ""], ["he", "o"], ["1", ""], ["x ", ""])
      .map((p) => wild([...p])),
  },
);
const op = fc.constantFrom<RangeOperator>("gt", "gte", "lt", "lte");

const leaf: fc.Arbitrary<KqlNode> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .tuple(fieldTerm, value)
      .map(([field, v]): KqlNode => ({ type: "match", field, value: v, range: R })),
  },
  { weight: 2, arbitrary: fieldTerm.map((field): KqlNode => ({ type: "exists", field, range: R })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fieldTerm, op, text)
      .map(([field, o, t]): KqlNode => ({ type: "range", field, op: o, value: lit(t), range: R })),
  },
  { weight: 1, arbitrary: value.map((v): KqlNode => ({ type: "freeText", value: v, range: R })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom("k", "n", "x", "k.caseless"), value, fc.boolean())
      .map(([name, v, negate]): KqlNode => {
        const inner: KqlNode = { type: "match", field: lit(name), value: v, range: R };
        return {
          type: "nested",
          path: lit("nest"),
          query: negate ? { type: "not", arg: inner, range: R } : inner,
          range: R,
        };
      }),
  },
);

const query: fc.Arbitrary<KqlNode> = fc.letrec<{ node: KqlNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc
      .array(tie("node"), { minLength: 2, maxLength: 3 })
      .map((args): KqlNode => ({ type: "and", args, range: R })),
    fc
      .array(tie("node"), { minLength: 2, maxLength: 3 })
      .map((args): KqlNode => ({ type: "or", args, range: R })),
    tie("node").map((arg): KqlNode => ({ type: "not", arg, range: R })),
  ),
})).node;

const scalar = fc.constantFrom<unknown>(
  "a",
  "A",
  "a b",
  "hello world",
  "x y z",
  1,
  2.5,
  -3,
  "10.0.0.1",
  "10.1.2.3",
  "::1",
  "2024-05-10T12:00:00Z",
  "2024-05-09",
  true,
  false,
  "",
  null,
);
const values = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }));
const event = fc
  .record(
    {
      k: values,
      w: values,
      t: values,
      n: values,
      f: values,
      ip: values,
      d: values,
      b: values,
      o: fc.oneof(
        fc.record({ k: values, n: values }, { requiredKeys: [] }),
        fc.array(fc.record({ k: values }, { requiredKeys: [] }), { maxLength: 2 }),
      ),
      "o.k": values,
      nest: fc.array(fc.record({ k: values, n: values }, { requiredKeys: [] }), { maxLength: 3 }),
      fl: fc.record({ x: values, y: fc.record({ z: values }) }, { requiredKeys: [] }),
      u: fc.record(
        { s: fc.constantFrom("a", "hello", "x y"), n: fc.constantFrom(1, 7, 2.5) },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: [] },
  )
  .map((e) => e as object);

describe("compiled predicate vs reference interpreter", () => {
  it("agree on random queries and events", () => {
    fc.assert(
      fc.property(
        query,
        fc.array(event, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (ast, events, strict) => {
          const options = { schema: FIELDS, now: "2024-05-10T12:00:00Z", strict };
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
