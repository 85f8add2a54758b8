/**
 * The KQL token table, in the order the lexer tries them (first match wins).
 *
 * `or` / `and` carry their surrounding whitespace (spec §2: an operator needs whitespace on both
 * sides) and are operators only right after something that ends a value; anywhere else the same text is
 * the start of a literal (`f: or x` is the value `or x`). `not` needs whitespace after it only.
 */
import { createToken, type IToken, Lexer, type TokenType } from "chevrotain";
import { binaryKeywordAt, notKeywordAt, scanQuoted, scanUnquoted } from "./scan.js";

/** Payload of an unquoted literal token: the decoded segments between unescaped wildcards. */
export interface UnquotedPayload {
  readonly parts: string[];
  readonly wildcard: boolean;
}

const valueEnders = new Set<string>();

function afterValue(tokens: IToken[]): boolean {
  const previous = tokens[tokens.length - 1];
  return previous !== undefined && valueEnders.has(previous.tokenType.name);
}

function binaryKeyword(word: "or" | "and") {
  return (text: string, offset: number, tokens: IToken[]): [string] | null => {
    if (!afterValue(tokens)) return null;
    const match = binaryKeywordAt(text, offset);
    return match !== null && match[0].trim().toLowerCase() === word ? [match[0]] : null;
  };
}

export const Or = createToken({
  name: "Or",
  label: "'or'",
  pattern: { exec: binaryKeyword("or") },
  line_breaks: true,
  start_chars_hint: [" ", "\t", "\r", "\n", "\u00a0"],
});

export const And = createToken({
  name: "And",
  label: "'and'",
  pattern: { exec: binaryKeyword("and") },
  line_breaks: true,
  start_chars_hint: [" ", "\t", "\r", "\n", "\u00a0"],
});

export const Not = createToken({
  name: "Not",
  label: "'not'",
  pattern: {
    exec: (text: string, offset: number) => {
      const match = notKeywordAt(text, offset);
      return match === null ? null : [match[0]];
    },
  },
  line_breaks: true,
  start_chars_hint: ["n", "N"],
});

export const WhiteSpace = createToken({
  name: "WhiteSpace",
  pattern: /[ \t\r\n\u00a0]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});

export const LParen = createToken({ name: "LParen", label: "'('", pattern: "(" });
export const RParen = createToken({ name: "RParen", label: "')'", pattern: ")" });
export const LBrace = createToken({ name: "LBrace", label: "'{'", pattern: "{" });
export const RBrace = createToken({ name: "RBrace", label: "'}'", pattern: "}" });
export const Colon = createToken({ name: "Colon", label: "':'", pattern: ":" });

/** Range operators share a category so the grammar consumes one token and the action tells them apart. */
export const RangeOperator = createToken({
  name: "RangeOperator",
  label: "range operator",
  pattern: Lexer.NA,
});
export const Lte = createToken({ name: "Lte", label: "'<='", pattern: "<=", categories: RangeOperator });
export const Gte = createToken({ name: "Gte", label: "'>='", pattern: ">=", categories: RangeOperator });
export const Lt = createToken({ name: "Lt", label: "'<'", pattern: "<", categories: RangeOperator });
export const Gt = createToken({ name: "Gt", label: "'>'", pattern: ">", categories: RangeOperator });

export const QuotedString = createToken({
  name: "QuotedString",
  label: "quoted value",
  pattern: {
    exec: (text: string, offset: number) => {
      if (text.charCodeAt(offset) !== 0x22) return null;
      const length = scanQuoted(text, offset);
      return length < 0 ? null : [text.slice(offset, offset + length)];
    },
  },
  line_breaks: true,
  start_chars_hint: ['"'],
});

export const UnquotedLiteral = createToken({
  name: "UnquotedLiteral",
  label: "value",
  pattern: {
    exec: (text: string, offset: number) => {
      const scanned = scanUnquoted(text, offset);
      if (scanned === null) return null;
      const result: [string] & { payload?: UnquotedPayload } = [text.slice(offset, offset + scanned.length)];
      result.payload = { parts: scanned.parts, wildcard: scanned.wildcard };
      return result;
    },
  },
  line_breaks: true,
});

for (const token of [UnquotedLiteral, QuotedString, RParen, RBrace]) valueEnders.add(token.name);

export const allTokens: TokenType[] = [
  Or,
  And,
  Not,
  WhiteSpace,
  LParen,
  RParen,
  LBrace,
  RBrace,
  Colon,
  RangeOperator,
  Lte,
  Gte,
  Lt,
  Gt,
  QuotedString,
  UnquotedLiteral,
];
