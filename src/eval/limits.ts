/**
 * Compile-time limits on a query tree. Text queries are already bounded by the parser (`maxLength`,
 * `maxDepth`); these also bound trees handed to `compileQuery` / `explain` directly, and the work one
 * compile may take. Exceeding one raises `KqlCompileError` `KQL_LIMIT_EXCEEDED` (origin `library`).
 */
import type { KqlNode } from "../parser/ast.js";
import { KqlCompileError } from "./errors.js";

export interface CompileLimits {
  /**
   * Most comparisons (field comparisons, exists, ranges, free text) in one query. Elasticsearch caps
   * the clauses of a search with `indices.query.bool.max_clause_count` (4096 where it is a fixed default;
   * recent releases size it from the heap). Real rules stay far below (the corpus's longest value list
   * has about 350 values), but value lists of 100 000 entries are a supported use (a Set lookup, linear
   * to compile), so the default leaves room for those and only stops trees that would take seconds to
   * compile and explain. Set 4096 to refuse what a default cluster would refuse.
   */
  readonly maxClauses: number;
  /**
   * Deepest tree (nodes from the root to a leaf). A parsed query is at most about three nodes per level
   * of parentheses (at most 100), so this only matters for trees built by hand; compiling and
   * explaining are recursive and stay far from the stack limit at this depth.
   */
  readonly maxTreeDepth: number;
}

export const DEFAULT_COMPILE_LIMITS: Readonly<CompileLimits> = Object.freeze({
  maxClauses: 250_000,
  maxTreeDepth: 1_000,
});

/** The limits for a compile: defaults, overridden by positive integers only. */
export function compileLimits(options: Partial<CompileLimits>): CompileLimits {
  const limits = { ...DEFAULT_COMPILE_LIMITS };
  for (const key of ["maxClauses", "maxTreeDepth"] as const) {
    const value = options[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new KqlCompileError("KQL_INVALID_OPTION", `"${key}" must be a positive integer`);
    }
    limits[key] = value;
  }
  return limits;
}

/** Throws `KQL_LIMIT_EXCEEDED` when the tree is too deep or has too many comparisons. Iterative. */
export function checkTreeLimits(root: KqlNode, limits: CompileLimits, query?: string): void {
  const stack: [KqlNode, number][] = [[root, 1]];
  let clauses = 0;
  const fail = (detail: string, node: KqlNode): never => {
    throw new KqlCompileError("KQL_LIMIT_EXCEEDED", detail, {
      range: node.range,
      ...(query !== undefined && { query }),
    });
  };
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [KqlNode, number];
    if (depth > limits.maxTreeDepth) {
      fail(`the query tree is deeper than ${limits.maxTreeDepth} nodes (option maxTreeDepth)`, node);
    }
    switch (node.type) {
      case "and":
      case "or":
        for (const arg of node.args) stack.push([arg, depth + 1]);
        break;
      case "not":
        stack.push([node.arg, depth + 1]);
        break;
      case "nested":
        stack.push([node.query, depth + 1]);
        break;
      case "matchAll":
        break;
      default:
        clauses += 1;
        if (clauses > limits.maxClauses) {
          fail(`the query has more than ${limits.maxClauses} comparisons (option maxClauses)`, node);
        }
    }
  }
}
