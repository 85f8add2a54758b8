import fc from "fast-check";
import type { KqlNode, LiteralTerm, RangeOperator, Term, WildcardTerm } from "../../src/parser/ast.js";

const NO_RANGE = { start: 0, end: 0 } as const;

/** Characters that stress the lexer: specials, keywords' letters, whitespace of all kinds, unicode. */
const trickyChar = fc.constantFrom(
  ..."abnotrdANDOR \t\n\r\u00a0\u2003\\():<>\"*{}?'.-_/@#é😀".split(""),
  "\u00a0",
  "ñ",
);
const text = fc.oneof(
  fc.string({ unit: trickyChar, maxLength: 12 }),
  fc.constantFrom("or", "and", "not", "a or b", "x not", "can not", "true", "null", "false", "C:\\temp"),
  fc.string({ maxLength: 8 }),
);
/** Text an unquoted literal can hold: KQL trims unquoted values. */
const trimmedText = text
  .map((t) => t.trim())
  .filter((t) => t.length > 0 && t !== "true" && t !== "false" && t !== "null");

const quotedLiteral: fc.Arbitrary<LiteralTerm> = text.map((value) => ({
  kind: "literal",
  value,
  quoted: true,
  range: NO_RANGE,
}));
const unquotedLiteral: fc.Arbitrary<LiteralTerm> = fc.oneof(
  trimmedText.map((value) => ({ kind: "literal" as const, value, quoted: false, range: NO_RANGE })),
  fc
    .constantFrom(true, false, null)
    .map((value) => ({ kind: "literal" as const, value, quoted: false, range: NO_RANGE })),
);
const pattern: fc.Arbitrary<WildcardTerm> = fc
  .array(text, { minLength: 2, maxLength: 4 })
  .map((parts) => {
    const trimmed = [...parts];
    trimmed[0] = (trimmed[0] as string).trimStart();
    trimmed[trimmed.length - 1] = (trimmed[trimmed.length - 1] as string).trimEnd();
    return { kind: "wildcard" as const, parts: trimmed, range: NO_RANGE };
  })
  .filter((t) => !(t.parts.length === 2 && t.parts[0] === "" && t.parts[1] === ""));

const valueTerm: fc.Arbitrary<Term> = fc.oneof(quotedLiteral, unquotedLiteral, pattern);
const fieldTerm: fc.Arbitrary<Term> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .constantFrom("process.name", "event.action", "user.name", "source.ip", "a", "x.y")
      .map((value) => ({ kind: "literal" as const, value, quoted: false, range: NO_RANGE })),
  },
  { weight: 1, arbitrary: unquotedLiteral.filter((t) => t.value !== null) },
  { weight: 1, arbitrary: quotedLiteral },
  { weight: 1, arbitrary: pattern },
);

const op = fc.constantFrom<RangeOperator>("gt", "gte", "lt", "lte");

/** Random ASTs of the shapes the parser produces (value lists are distributed comparisons). */
export const kqlAst: fc.Arbitrary<KqlNode> = fc.letrec<{ node: KqlNode; leaf: KqlNode }>((tie) => ({
  leaf: fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        type: fc.constant("match" as const),
        field: fieldTerm,
        value: valueTerm,
        range: fc.constant(NO_RANGE),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant("exists" as const),
        field: fieldTerm.filter((f) => f.kind === "literal"),
        range: fc.constant(NO_RANGE),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant("range" as const),
        field: fieldTerm,
        op,
        value: fc.oneof(quotedLiteral, unquotedLiteral, pattern),
        range: fc.constant(NO_RANGE),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant("freeText" as const),
        value: valueTerm,
        range: fc.constant(NO_RANGE),
      }),
    },
  ),
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 4, arbitrary: tie("leaf") },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constantFrom("and" as const, "or" as const),
        args: fc.array(tie("node"), { minLength: 2, maxLength: 4 }),
        range: fc.constant(NO_RANGE),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant("not" as const),
        arg: tie("node"),
        range: fc.constant(NO_RANGE),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant("nested" as const),
        path: fieldTerm.filter((f) => f.kind === "literal"),
        query: tie("node"),
        range: fc.constant(NO_RANGE),
      }),
    },
  ),
})).node;
