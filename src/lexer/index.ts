import { createTokenInstance, type IToken, Lexer } from "chevrotain";
import { allTokens } from "./tokens.js";

export { isKqlWhitespace } from "./scan.js";
export * from "./tokens.js";

/** One lexer instance for the process: Chevrotain lexers are stateless between `tokenize` calls. */
const kqlLexer = new Lexer(allTokens, {
  positionTracking: "onlyOffset",
  ensureOptimizations: false,
  skipValidations: true,
});

export interface LexResult {
  readonly tokens: IToken[];
  /** Offset of the first character no token could start at, or -1. */
  readonly errorOffset: number;
}

/** Splits a query into tokens. Stops at the first character that no token accepts. */
export function lex(query: string): LexResult {
  const { tokens, errors } = kqlLexer.tokenize(query);
  const first = errors[0];
  if (first === undefined) return { tokens, errorOffset: -1 };
  return { tokens: tokens.filter((token) => token.startOffset < first.offset), errorOffset: first.offset };
}

export { createTokenInstance };
