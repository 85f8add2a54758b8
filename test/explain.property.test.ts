import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ExplainNode, type Explanation, explain, renderExplanation } from "../src/eval/explain/index.js";
import { type CompileOptions, compileQuery, KqlCompileError } from "../src/eval/index.js";
import type { KqlNode } from "../src/parser/ast.js";
import { format } from "../src/parser/index.js";
import { kqlAst } from "./helpers/arbitraries.js";
import { EVAL_FIELDS, evalEvent, evalQuery } from "./helpers/eval-arbitraries.js";

/** What `compileQuery` answers: its predicate, or false when the query is refused at compile time. */
function compiledAnswer(ast: KqlNode, event: object, options: CompileOptions): boolean {
  let predicate: ((e: object) => boolean) | undefined;
  try {
    predicate = compileQuery(ast, options);
  } catch (error) {
    if (!(error instanceof KqlCompileError)) throw error;
    return false;
  }
  return predicate(event);
}

/** Every structural promise of an explanation tree; returns the number of nodes checked. */
function checkNode(node: ExplainNode, parentEvaluated: boolean): number {
  if (!parentEvaluated) expect(node.evaluated).toBe(false);
  if (!node.evaluated) {
    expect(node.result).toBeNull();
  } else {
    expect(typeof node.result).toBe("boolean");
  }
  let count = 1;
  switch (node.type) {
    case "and": {
      for (const child of node.children) count += checkNode(child, node.evaluated);
      if (!node.evaluated) break;
      // Arguments run in order until one is false: a prefix of true results, then the false one, then
      // nothing.
      const firstFalse = node.children.findIndex((c) => c.result !== true);
      if (node.result) {
        expect(firstFalse).toBe(-1);
      } else {
        expect(firstFalse).toBeGreaterThanOrEqual(0);
        expect(node.children[firstFalse]?.result).toBe(false);
        for (const later of node.children.slice(firstFalse + 1)) expect(later.evaluated).toBe(false);
      }
      break;
    }
    case "or": {
      for (const child of node.children) count += checkNode(child, node.evaluated);
      if (!node.evaluated) break;
      if (node.result) expect(node.children.some((c) => c.result === true)).toBe(true);
      else for (const child of node.children) expect(child.result).toBe(false);
      break;
    }
    case "not": {
      const [child] = node.children;
      if (!child) throw new Error("not without a child");
      count += checkNode(child, node.evaluated);
      if (node.evaluated) expect(node.result).toBe(!child.result);
      break;
    }
    case "nested": {
      if (node.query) count += checkNode(node.query, false);
      for (const element of node.elements) {
        expect(element.query.evaluated).toBe(true);
        expect(element.result).toBe(element.query.result);
        count += checkNode(element.query, true);
      }
      if (node.evaluated) {
        expect(node.result).toBe(node.elements.some((e) => e.result));
        // Elements run in order until one matches.
        const hit = node.elements.findIndex((e) => e.result);
        if (hit >= 0) expect(hit).toBe(node.elements.length - 1);
      } else expect(node.elements).toHaveLength(0);
      break;
    }
    case "matchAll":
      if (node.evaluated) expect(node.result).toBe(true);
      break;
    default:
      if (node.evaluated) {
        // The explained field checks agree with the compiled comparison.
        expect(node.checks.some((c) => c.result)).toBe(node.result);
        for (const check of node.checks) {
          expect(check.result).toBe(check.values.some((v) => v.result));
          // Missing: no value at all (a field holding only an object is present but has no value).
          if (check.missing) expect(check.values).toHaveLength(0);
          if (!check.result) expect(check.reason).toEqual(expect.any(String));
        }
        if (node.result) expect(node.matched).toBeDefined();
        else expect(node.reason).toEqual(expect.any(String));
      } else expect(node.checks).toHaveLength(0);
  }
  return count;
}

function checkExplanation(explanation: Explanation, expected: boolean): void {
  expect(explanation.result).toBe(expected);
  expect(JSON.parse(JSON.stringify(explanation))).toStrictEqual(explanation);
  expect(typeof renderExplanation(explanation)).toBe("string");
  const root = explanation.root;
  if (!root) throw new Error("a tree query always has a root");
  if (explanation.error) {
    expect(explanation.result).toBe(false);
    expect(root.evaluated).toBe(false);
    checkNode(root, false);
    return;
  }
  expect(root.evaluated).toBe(true);
  expect(root.result).toBe(explanation.result);
  checkNode(root, true);
}

const options = fc.record({
  strict: fc.boolean(),
  caseInsensitive: fc.boolean(),
  wildcardSpaces: fc.constantFrom("elasticsearch" as const, "literal" as const),
});

describe("explain agrees with the compiled predicate", () => {
  it("on random trees × random events over a small mapping", () => {
    fc.assert(
      fc.property(
        evalQuery,
        fc.array(evalEvent, { minLength: 1, maxLength: 4 }),
        options,
        (ast, events, opt) => {
          const compileOptions: CompileOptions = { schema: EVAL_FIELDS, now: "2024-05-10T12:00:00Z", ...opt };
          for (const event of events) {
            checkExplanation(explain(ast, event, compileOptions), compiledAnswer(ast, event, compileOptions));
          }
        },
      ),
      { numRuns: 1200 },
    );
  });

  it("on parser-shaped random trees with the built-in ECS schema", () => {
    const ecsEvent = fc.record(
      {
        process: fc.record({ name: fc.constantFrom("cmd.exe", "CMD.EXE", "a b", "or"), pid: fc.integer() }),
        user: fc.record({ name: fc.constantFrom("admin", "Admin", "x y") }, { requiredKeys: [] }),
        source: fc.record({ ip: fc.constantFrom("10.0.0.1", "::1", "nope") }),
        a: fc.constantFrom("a", 1, true, "C:\\temp"),
        x: fc.record({ y: fc.constantFrom("x not", "and", 2.5) }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(kqlAst, ecsEvent, (ast, event) => {
        const compileOptions: CompileOptions = { now: "2024-05-10T12:00:00Z" };
        checkExplanation(explain(ast, event, compileOptions), compiledAnswer(ast, event, compileOptions));
      }),
      { numRuns: 400 },
    );
  });

  it("gives the same tree for a query text and for its parsed tree with the text as source", () => {
    fc.assert(
      fc.property(evalQuery, evalEvent, (ast, event) => {
        const text = format(ast);
        const compileOptions = { schema: EVAL_FIELDS, now: "2024-05-10T12:00:00Z" };
        const fromText = explain(text, event, compileOptions);
        checkExplanation(fromText, compiledAnswer(ast, event, compileOptions));
      }),
      { numRuns: 300 },
    );
  });
});
