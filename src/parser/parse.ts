import { createTokenInstance, EOF, type IRecognitionException, type IToken } from "chevrotain";
import { lex } from "../lexer/index.js";
import type { KqlNode } from "./ast.js";
import { KqlSyntaxError } from "./errors.js";
import { kqlParser, Unreadable } from "./grammar.js";
import { describeSyntaxError } from "./messages.js";

/** Limits that keep hostile input from exhausting the stack or memory. */
export interface ParseLimits {
  /** Deepest allowed nesting of parentheses and braces. */
  maxDepth: number;
  /** Longest allowed query, in UTF-16 code units. */
  maxLength: number;
}

/**
 * Defaults. Elasticsearch itself caps bool nesting with `indices.query.bool.max_nested_depth` (30 in
 * recent releases) and clause counts with `indices.query.bool.max_clause_count`; KQL written by people
 * stays far below both, so these limits only stop input that would otherwise harm the process.
 */
export const DEFAULT_PARSE_LIMITS: Readonly<ParseLimits> = Object.freeze({
  maxDepth: 100,
  maxLength: 4_000_000,
});

export interface ParseOptions extends Partial<ParseLimits> {}

/**
 * Parses a KQL query into the typed AST. The empty or blank query and `*:*` give a `matchAll` node.
 * @throws KqlSyntaxError for anything Kibana's grammar rejects, at the offset Kibana reports.
 */
export function parse(query: string, options: ParseOptions = {}): KqlNode {
  if (typeof query !== "string") throw new TypeError(`parse() expects a string, got ${typeof query}`);
  const limits = { ...DEFAULT_PARSE_LIMITS, ...options };
  if (query.length > limits.maxLength) {
    throw new KqlSyntaxError({
      code: "KQL_LIMIT_EXCEEDED",
      summary: `the query is ${query.length} characters long; the limit is ${limits.maxLength} (option maxLength)`,
      query,
      offset: limits.maxLength,
      length: 0,
    });
  }
  const { tokens, errorOffset } = lex(query);
  if (errorOffset >= 0) tokens.push(unreadableToken(query, errorOffset));
  checkDepth(query, tokens, limits.maxDepth);

  kqlParser.input = tokens;
  let ast: KqlNode | undefined;
  try {
    ast = kqlParser.query();
  } catch (error) {
    if (error instanceof RangeError) {
      throw new KqlSyntaxError({
        code: "KQL_LIMIT_EXCEEDED",
        summary: "the query is nested too deeply to parse",
        query,
        offset: 0,
        length: 0,
      });
    }
    throw error;
  }
  const problem = kqlParser.errors[0];
  if (problem !== undefined) throw syntaxError(query, tokens, problem);
  return ast ?? { type: "matchAll", range: { start: 0, end: query.length } };
}

function unreadableToken(query: string, offset: number): IToken {
  return createTokenInstance(Unreadable, query.slice(offset, offset + 1), offset, offset, NaN, NaN, NaN, NaN);
}

function checkDepth(query: string, tokens: IToken[], maxDepth: number): void {
  let depth = 0;
  for (const token of tokens) {
    const image = token.image;
    if (image === "(" || image === "{") {
      depth += 1;
      if (depth > maxDepth) {
        throw new KqlSyntaxError({
          code: "KQL_LIMIT_EXCEEDED",
          summary: `parentheses and braces nest deeper than ${maxDepth} levels (option maxDepth)`,
          query,
          offset: token.startOffset,
        });
      }
    } else if (image === ")" || image === "}") {
      depth = Math.max(0, depth - 1);
    }
  }
}

function syntaxError(query: string, tokens: IToken[], problem: IRecognitionException): KqlSyntaxError {
  const token = problem.token;
  const atEnd = token.tokenType === EOF || Number.isNaN(token.startOffset);
  const index = atEnd ? tokens.length : tokens.indexOf(token);
  return new KqlSyntaxError(describeSyntaxError(query, tokens, index < 0 ? tokens.length : index));
}
