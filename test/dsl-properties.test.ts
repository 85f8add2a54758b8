/**
 * Properties of the DSL conversion, checked by running the emitted DSL with the DSL interpreter:
 *
 * 1. typed DSL on keyword-only fields agrees with a direct reference evaluation of the tree (which never
 *    sees the Lucene-escaped text, so escaping, nesting and structure are checked end to end);
 * 2. typed and untyped DSL agree on keyword-only fields as long as no wildcard value holds whitespace
 *    (the one place where `wildcard` and `query_string` differ), and do differ on some value that does;
 * 3. a field-name pattern means the OR of the fields it expands to.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toElasticsearchQuery } from "../src/dsl/index.js";
import { interpretDsl } from "../src/dsl/interpret/index.js";
import type { KqlNode, RangeOperator, Term } from "../src/parser/ast.js";

const R = { start: 0, end: 0 } as const;
const FLAT_FIELDS = ["k1", "k2", "a.k3"] as const;
const NESTED_PATH = "items";
const NESTED_FIELD = "k";
const mapping = { k1: "keyword", k2: "keyword", "a.k3": "keyword", items: "nested", "items.k": "keyword" };

/** Values that collide with Lucene syntax, wildcards and whitespace, and also match each other. */
const VALUES = ["a", "ab", "a b", "a*b", "a?b", "axb", "\\", "-x", "(a)", "", "A", "é", "😀", "～", "a/b"];
/** Pattern segments: a small pool, so patterns often hit the values above. */
const SEGMENTS = ["", "a", "b", "?", "\\", "-", " ", "(", "*", "/"];

const literal = (value: string, quoted = false): Term => ({ kind: "literal", value, quoted, range: R });
const pattern = (parts: string[]): Term => ({ kind: "wildcard", parts, range: R });

function leaf(fields: readonly string[], segments: readonly string[]): fc.Arbitrary<KqlNode> {
  const field = fc.constantFrom(...fields).map((name) => literal(name));
  const value = fc.oneof(
    fc.tuple(fc.constantFrom(...VALUES), fc.boolean()).map(([v, quoted]) => literal(v, quoted)),
    fc.array(fc.constantFrom(...segments), { minLength: 2, maxLength: 4 }).map(pattern),
  );
  return fc.oneof(
    fc.tuple(field, value).map(([f, v]): KqlNode => ({ type: "match", field: f, value: v, range: R })),
    field.map((f): KqlNode => ({ type: "exists", field: f, range: R })),
    fc
      .tuple(field, fc.constantFrom<RangeOperator>("gt", "gte", "lt", "lte"), fc.constantFrom(...VALUES))
      .map(([f, op, v]): KqlNode => ({ type: "range", field: f, op, value: literal(v), range: R })),
  );
}

function tree(
  fields: readonly string[],
  segments: readonly string[],
  nested: boolean,
): fc.Arbitrary<KqlNode> {
  const { node } = fc.letrec<{ node: KqlNode }>((self) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf(fields, segments),
      fc
        .tuple(fc.constantFrom("and", "or"), fc.array(self("node"), { minLength: 2, maxLength: 3 }))
        .map(([type, args]): KqlNode => ({ type: type as "and" | "or", args, range: R })),
      self("node").map((arg): KqlNode => ({ type: "not", arg, range: R })),
      ...(nested
        ? [
            tree([NESTED_FIELD], segments, false).map(
              (query): KqlNode => ({ type: "nested", path: literal(NESTED_PATH), query, range: R }),
            ),
          ]
        : []),
    ),
  }));
  return node;
}

const fieldValue = fc.oneof(
  fc.constantFrom(...VALUES),
  fc.array(fc.constantFrom(...VALUES), { maxLength: 3 }),
  fc.constant(null),
);
const doc = fc.record(
  {
    k1: fieldValue,
    k2: fieldValue,
    a: fc.record({ k3: fieldValue }, { requiredKeys: [] }),
    items: fc.array(fc.record({ k: fieldValue }, { requiredKeys: [] }), { maxLength: 3 }),
  },
  { requiredKeys: [] },
);

/** UTF-8 byte order, which is how Elasticsearch orders keyword terms. */
function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

function valuesOf(source: unknown, path: string): string[] {
  let nodes: unknown[] = [source];
  for (const key of path.split(".")) {
    nodes = nodes
      .flatMap((node) => (Array.isArray(node) ? node : [node]))
      .map((node) =>
        node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined,
      );
  }
  return nodes.flat(Number.POSITIVE_INFINITY).filter((value): value is string => typeof value === "string");
}

/** Whole-value pattern test built straight from the segments: no escaping involved. */
function patternMatches(parts: readonly string[], value: string): boolean {
  const [first = "", ...rest] = parts;
  if (!value.startsWith(first)) return false;
  let position = first.length;
  for (const [index, part] of rest.entries()) {
    if (index === rest.length - 1) return value.length - part.length >= position && value.endsWith(part);
    const found = value.indexOf(part, position);
    if (found < 0) return false;
    position = found + part.length;
  }
  return true;
}

const RANGE: Record<RangeOperator, (order: number) => boolean> = {
  gt: (o) => o > 0,
  gte: (o) => o >= 0,
  lt: (o) => o < 0,
  lte: (o) => o <= 0,
};

/** The reference meaning of a tree over keyword-only fields (spec 6.2, 6.4 keyword-only, 6.5, 6.6, 6.9). */
function reference(node: KqlNode, source: unknown, prefix = ""): boolean {
  const name = (term: Term) => prefix + (term.kind === "literal" ? String(term.value) : term.parts.join("*"));
  switch (node.type) {
    case "and":
      return node.args.every((arg) => reference(arg, source, prefix));
    case "or":
      return node.args.some((arg) => reference(arg, source, prefix));
    case "not":
      return !reference(node.arg, source, prefix);
    case "exists":
      return valuesOf(source, name(node.field)).length > 0;
    case "match": {
      const values = valuesOf(source, name(node.field));
      const value = node.value;
      return value.kind === "literal"
        ? values.includes(String(value.value))
        : values.some((v) => patternMatches(value.parts, v));
    }
    case "range": {
      const bound = String(node.value.kind === "literal" ? node.value.value : "");
      return valuesOf(source, name(node.field)).some((v) => RANGE[node.op](compareUtf8(v, bound)));
    }
    case "nested": {
      const path = name(node.path);
      const elements = valuesOfObjects(source, path);
      return elements.some((element) => reference(node.query, { [path]: element }, `${path}.`));
    }
    default:
      throw new Error(`not generated: ${node.type}`);
  }
}

function valuesOfObjects(source: unknown, path: string): unknown[] {
  const root = (source as Record<string, unknown>)[path];
  return (Array.isArray(root) ? root : root === undefined ? [] : [root]).filter(
    (e) => e !== null && typeof e === "object",
  );
}

const typed = (ast: KqlNode) => toElasticsearchQuery(ast, { fields: mapping });
const untyped = (ast: KqlNode) => toElasticsearchQuery(ast);

describe("DSL properties (fast-check)", () => {
  it("typed DSL on keyword-only fields agrees with the reference evaluation of the tree", () => {
    fc.assert(
      fc.property(tree(FLAT_FIELDS, SEGMENTS, true), doc, (ast, source) => {
        expect(interpretDsl(typed(ast), source, mapping)).toBe(reference(ast, source));
      }),
      { numRuns: 3000 },
    );
  });

  it("typed and untyped DSL agree on keyword-only fields when no wildcard value holds whitespace", () => {
    const noSpace = SEGMENTS.filter((segment) => !/\s/.test(segment));
    fc.assert(
      fc.property(tree(FLAT_FIELDS, noSpace, true), doc, (ast, source) => {
        expect(interpretDsl(untyped(ast), source, mapping)).toBe(interpretDsl(typed(ast), source, mapping));
      }),
      { numRuns: 3000 },
    );
  });

  it("typed and untyped DSL disagree on some document once a pattern holds whitespace", () => {
    const ast: KqlNode = { type: "match", field: literal("k1"), value: pattern(["", "a b", ""]), range: R };
    const source = { k1: "b" };
    expect(interpretDsl(typed(ast), source, mapping)).toBe(false);
    expect(interpretDsl(untyped(ast), source, mapping)).toBe(true);
  });

  it("a field-name pattern means the OR of the fields it expands to", () => {
    const value = fc.oneof(
      fc.constantFrom(...VALUES).map((v) => literal(v)),
      fc.array(fc.constantFrom(...SEGMENTS), { minLength: 2, maxLength: 3 }).map(pattern),
    );
    fc.assert(
      fc.property(value, doc, (v, source) => {
        const viaPattern: KqlNode = { type: "match", field: pattern(["k", ""]), value: v, range: R };
        const spelledOut: KqlNode = {
          type: "or",
          args: ["k1", "k2"].map((f): KqlNode => ({ type: "match", field: literal(f), value: v, range: R })),
          range: R,
        };
        expect(interpretDsl(typed(viaPattern), source, mapping)).toBe(
          interpretDsl(typed(spelledOut), source, mapping),
        );
      }),
      { numRuns: 500 },
    );
  });
});
