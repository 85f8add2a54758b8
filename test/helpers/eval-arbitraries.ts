import fc from "fast-check";
import type { KqlNode, RangeOperator, Term } from "../../src/parser/ast.js";
import type { FieldMap } from "../../src/schema/index.js";

// Generators for evaluation properties (explain, coverage): trees in the shapes the parser produces, over a
// small mapping with every value family, and events that stress the document model. Shared by the
// reference-interpreter property and the explain and coverage properties; includes value lists.

/** A small mapping covering every value family, an object path, a nested path and a flattened field. */
export const EVAL_FIELDS: FieldMap = {
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

/** A value list as the parser distributes it: `f:(a or b or c)` → an OR of matches on `f`. */
const valueList: fc.Arbitrary<KqlNode> = fc
  .tuple(
    fc.constantFrom("k", "n", "ip", "t", "k.caseless", "u.s"),
    fc.array(text, { minLength: 2, maxLength: 4 }),
  )
  .map(
    ([name, texts]): KqlNode => ({
      type: "or",
      args: texts.map((t): KqlNode => ({ type: "match", field: lit(name), value: lit(t), range: R })),
      range: R,
    }),
  );

/** and / or / not trees over `leaf` (and any `extra` shapes), in the shapes the parser produces. */
export function booleanTrees(
  leaf: fc.Arbitrary<KqlNode>,
  ...extra: fc.Arbitrary<KqlNode>[]
): fc.Arbitrary<KqlNode> {
  return fc.letrec<{ node: KqlNode }>((tie) => ({
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
      ...extra,
    ),
  })).node;
}

/** Random query trees over `EVAL_FIELDS` names (and unmapped `u.*`), value lists included. */
export const evalQuery: fc.Arbitrary<KqlNode> = booleanTrees(leaf, valueList);

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
/** Random events for `EVAL_FIELDS`: arrays, dotted keys, nested elements, nulls. */
export const evalEvent = fc
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
