import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { explain } from "../src/eval/explain/index.js";
import { type CompileOptions, compileQuery, evaluateReference, KqlCompileError } from "../src/eval/index.js";
import type { KqlNode, Term } from "../src/parser/ast.js";
import { format, KqlSyntaxError } from "../src/parser/index.js";
import type { FieldMap } from "../src/schema/index.js";
import { kqlAst } from "./helpers/arbitraries.js";
import { EVAL_FIELDS, evalEvent, evalQuery } from "./helpers/eval-arbitraries.js";
import { runs } from "./helpers/fuzz.js";
import {
  dataObject,
  eventWithKeys,
  hostileEvent,
  indexableJsonEvent,
  indexableKey,
  mappable,
  PROTOTYPE_NAMES,
} from "./helpers/hostile.js";

// The evaluator on random queries × hostile events: the only errors are the documented ones, the
// compiled predicate agrees with the plain reference interpreter, and explain reports the predicate's
// own answer.

const NOW = "2024-05-10T12:00:00Z";

/** evalEvent's fields with hostile keys and values mixed in, so both kinds of key meet the query. */
const mixedEvent: fc.Arbitrary<object> = fc.oneof(
  evalEvent,
  indexableJsonEvent,
  fc
    .tuple(evalEvent, eventWithKeys(indexableKey))
    .map(([a, b]) => dataObject([...Object.entries(a), ...Object.entries(b)]))
    .filter(mappable),
);

/** The predicate, or undefined when compiling refuses the query with a documented error. */
function compileOrRefuse(
  query: string | KqlNode,
  options: CompileOptions,
): ((e: object) => boolean) | undefined {
  try {
    return compileQuery(query, options);
  } catch (error) {
    if (error instanceof KqlSyntaxError || error instanceof KqlCompileError) return undefined;
    throw error;
  }
}

describe("fuzz: compiled predicate vs reference interpreter", () => {
  it("agree on random trees × hostile events over a small mapping", () => {
    fc.assert(
      fc.property(
        evalQuery,
        fc.array(mixedEvent, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        (ast, events, strict) => {
          const options = { schema: EVAL_FIELDS, now: NOW, strict };
          const predicate = compileOrRefuse(ast, options);
          for (const event of events) {
            const expected = evaluateReference(ast, event, options);
            expect(predicate === undefined ? false : predicate(event)).toBe(expected);
          }
        },
      ),
      { numRuns: runs(600) },
    );
  });

  /** A mapping whose field names are the names JavaScript gives meaning to. */
  const PROTO_FIELDS = JSON.parse(
    JSON.stringify({
      k: "keyword",
      ["__proto__"]: "keyword",
      constructor: "long",
      "prototype.toString": "keyword",
      "o.hasOwnProperty": "ip",
      valueOf: "boolean",
    }),
  ) as FieldMap;
  const R = { start: 0, end: 0 };
  const lit = (value: string, quoted = false): Term => ({ kind: "literal", value, quoted, range: R });
  const protoField = fc.constantFrom(
    ...Object.keys(PROTO_FIELDS),
    ...PROTOTYPE_NAMES,
    "o.constructor",
    "a.__proto__",
    "toString.x",
  );
  const protoValue = fc.constantFrom(
    "x",
    "1",
    "10.0.0.1",
    "true",
    "__proto__",
    "constructor",
    "[object Object]",
  );
  const protoLeaf: fc.Arbitrary<KqlNode> = fc.oneof(
    fc
      .tuple(protoField, protoValue)
      .map(([f, v]): KqlNode => ({ type: "match", field: lit(f), value: lit(v), range: R })),
    protoField.map((f): KqlNode => ({ type: "exists", field: lit(f), range: R })),
    protoValue.map((v): KqlNode => ({ type: "freeText", value: lit(v), range: R })),
  );
  const protoQuery: fc.Arbitrary<KqlNode> = fc.oneof(
    protoLeaf,
    fc
      .array(protoLeaf, { minLength: 2, maxLength: 3 })
      .map((args): KqlNode => ({ type: "or", args, range: R })),
    protoLeaf.map((arg): KqlNode => ({ type: "not", arg, range: R })),
  );

  it("agree when field names and event keys are prototype names", () => {
    fc.assert(
      fc.property(protoQuery, fc.array(indexableJsonEvent, { minLength: 1, maxLength: 3 }), (ast, events) => {
        for (const schema of [PROTO_FIELDS, undefined]) {
          const options: CompileOptions = schema ? { schema } : { schema: { k: "keyword" } };
          const predicate = compileOrRefuse(ast, options);
          for (const event of events) {
            const expected = evaluateReference(ast, event, options);
            expect(predicate === undefined ? false : predicate(event)).toBe(expected);
          }
          // An event with no keys at all: only a negation can match, never an inherited property.
          if (predicate && ast.type !== "not") expect(predicate({})).toBe(false);
        }
      }),
      { numRuns: runs(400) },
    );
  });
});

describe("fuzz: only documented errors", () => {
  it("parser-shaped trees with the built-in schema: compile refuses with KqlCompileError or runs without throwing", () => {
    fc.assert(
      fc.property(kqlAst, fc.array(fc.oneof(mixedEvent, hostileEvent), { maxLength: 3 }), (ast, events) => {
        const predicate = compileOrRefuse(ast, { now: NOW });
        if (predicate) for (const event of events) expect(typeof predicate(event)).toBe("boolean");
        // The text form goes through the parser: the same answer, or a documented refusal.
        const fromText = compileOrRefuse(format(ast), { now: NOW });
        expect(fromText === undefined).toBe(predicate === undefined);
      }),
      { numRuns: runs(300) },
    );
  });
});

describe("fuzz: explain gives the predicate's answer", () => {
  it("on random trees × hostile events", () => {
    fc.assert(
      fc.property(evalQuery, mixedEvent, fc.boolean(), (ast, event, caseInsensitive) => {
        const options: CompileOptions = { schema: EVAL_FIELDS, now: NOW, caseInsensitive };
        const predicate = compileOrRefuse(ast, options);
        const explanation = explain(ast, event, options);
        expect(explanation.result).toBe(predicate === undefined ? false : predicate(event));
        if (predicate === undefined) expect(explanation.error).toBeDefined();
        // The explanation is plain JSON data whatever the event held (-0 aside, which JSON writes as 0).
        const json = JSON.stringify(explanation);
        expect(JSON.stringify(JSON.parse(json))).toBe(json);
      }),
      { numRuns: runs(300) },
    );
  });
});
