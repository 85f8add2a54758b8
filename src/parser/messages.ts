/**
 * Turns "the parser stopped at token N" into an error a rule author can act on. The offset is always
 * the offending token's start (or the end of the query), which is where Kibana reports the error too;
 * the wording looks at what came just before it.
 */
import type { IToken, TokenType } from "chevrotain";
import {
  And,
  Colon,
  LBrace,
  LParen,
  Not,
  Or,
  QuotedString,
  RangeOperator,
  RBrace,
  RParen,
  UnquotedLiteral,
} from "../lexer/index.js";
import { type KqlSyntaxErrorInit, locate } from "./errors.js";
import { Unreadable } from "./grammar.js";

type Problem = Omit<KqlSyntaxErrorInit, "query" | "offset">;

interface OpenGroup {
  token: IToken;
  /** A parenthesis right after `field:` opens a value list. */
  valueList: boolean;
}

const VALUE_ENDERS = new Set<TokenType>([UnquotedLiteral, QuotedString, RParen, RBrace]);

function is(token: IToken | undefined, ...types: TokenType[]): boolean {
  if (token === undefined) return false;
  return types.some((type) => token.tokenType === type || token.tokenType.CATEGORIES?.includes(type));
}

function show(token: IToken | undefined): string {
  if (token === undefined) return "the end of the query";
  if (is(token, Or, And, Not)) return `'${token.image.trim()}'`;
  if (is(token, UnquotedLiteral, QuotedString)) {
    const text = token.image.length > 40 ? `${token.image.slice(0, 40)}…` : token.image;
    return `the value ${is(token, QuotedString) ? text : `'${text}'`}`;
  }
  return `'${token.image}'`;
}

function openGroupsBefore(tokens: IToken[], index: number): OpenGroup[] {
  const stack: OpenGroup[] = [];
  for (let i = 0; i < index; i++) {
    const token = tokens[i] as IToken;
    if (is(token, LParen, LBrace))
      stack.push({ token, valueList: is(token, LParen) && is(tokens[i - 1], Colon) });
    else if (is(token, RParen, RBrace)) stack.pop();
  }
  return stack;
}

export function describeSyntaxError(query: string, tokens: IToken[], index: number): KqlSyntaxErrorInit {
  const offending = tokens[index];
  const previous = tokens[index - 1];
  const offset = offending === undefined ? query.length : offending.startOffset;
  const problem = classify(query, tokens, index, offending, previous);
  const length = problem.length ?? (offending === undefined ? 0 : offending.image.trim().length || 1);
  return { ...problem, query, offset, length };
}

function classify(
  query: string,
  tokens: IToken[],
  index: number,
  offending: IToken | undefined,
  previous: IToken | undefined,
): Problem {
  if (is(offending, Unreadable)) return unreadable(query, offending as IToken);
  const open = openGroupsBefore(tokens, index);
  const inValueList = open.at(-1)?.valueList ?? false;

  if (is(previous, Colon) && is(offending, Not)) {
    return {
      code: "KQL_NOT_AFTER_COLON",
      summary: "'not' cannot follow ':' directly",
      hint: "put the negated values in parentheses: field:(not value)",
    };
  }
  if (is(previous, Not) && is(offending, Not)) {
    return { code: "KQL_DOUBLE_NOT", summary: "'not' cannot follow 'not'", hint: "write not (not …)" };
  }
  if (is(previous, Colon)) {
    if (is(offending, RangeOperator)) {
      return {
        code: "KQL_EXPECTED_VALUE",
        summary: `expected a value after ':' but found ${show(offending)}`,
        hint: "a range is written without ':', for example: bytes > 100",
      };
    }
    return { code: "KQL_EXPECTED_VALUE", summary: `expected a value after ':' but found ${show(offending)}` };
  }
  if (is(previous, RangeOperator)) {
    return {
      code: "KQL_EXPECTED_VALUE",
      summary: `expected a value after '${previous?.image}' but found ${show(offending)}`,
      ...(is(offending, LParen) ? { hint: "a range bound is a single value, without parentheses" } : {}),
    };
  }
  if (is(offending, RParen, RBrace)) {
    const close = offending as IToken;
    const wanted = is(close, RParen) ? LParen : LBrace;
    const top = open.at(-1);
    if (top === undefined || !is(top.token, wanted)) {
      return {
        code: "KQL_UNMATCHED_CLOSE",
        summary: `'${close.image}' has no matching '${is(close, RParen) ? "(" : "{"}'`,
      };
    }
    if (is(previous, LParen, LBrace)) {
      return {
        code: "KQL_EMPTY_GROUP",
        summary: `nothing between '${previous?.image}' and '${close.image}'`,
      };
    }
  }
  if (offending === undefined && open.length > 0 && !is(previous, Or, And, Not, LParen, LBrace)) {
    const group = open.at(-1) as OpenGroup;
    const { line, column } = locate(query, group.token.startOffset);
    const name = is(group.token, LParen) ? "parenthesis" : "brace";
    return {
      code: "KQL_UNCLOSED_GROUP",
      summary: `unclosed ${name} opened at ${line}:${column}`,
      hint: `add '${is(group.token, LParen) ? ")" : "}"}'`,
    };
  }
  if (is(previous, Or, And, Not, LParen, LBrace) || previous === undefined) {
    if (is(offending, LBrace)) {
      return inValueList
        ? {
            code: "KQL_NESTED_IN_VALUE_LIST",
            summary: "a nested query cannot appear inside a value list",
            hint: "write path:{ field: value } outside the parentheses of the list",
          }
        : { code: "KQL_EXPECTED_FIELD", summary: "a nested query needs a path in front: path:{ query }" };
    }
    if (is(offending, Colon, RangeOperator)) {
      return { code: "KQL_EXPECTED_FIELD", summary: `expected a field name before ${show(offending)}` };
    }
    const what = inValueList ? "a value" : "a query";
    const after = previous === undefined ? "" : ` after ${show(previous)}`;
    return {
      code: inValueList ? "KQL_EXPECTED_VALUE" : "KQL_EXPECTED_QUERY",
      summary: `expected ${what}${after} but found ${show(offending)}`,
    };
  }
  if (previous !== undefined && VALUE_ENDERS.has(previous.tokenType)) return afterValue(offending, previous);
  return { code: "KQL_UNEXPECTED_TOKEN", summary: `unexpected ${show(offending)}` };
}

function afterValue(offending: IToken | undefined, previous: IToken): Problem {
  if (is(offending, Not)) {
    return {
      code: "KQL_MISSING_OPERATOR",
      summary: "'not' cannot follow a value",
      hint: "join clauses with 'and not'; an unquoted value cannot contain 'not' followed by a space — quote such a value",
    };
  }
  if (is(offending, Colon)) {
    return {
      code: "KQL_UNEXPECTED_TOKEN",
      summary: "unexpected ':' after a value",
      hint: "quote a value that contains ':' or escape it as \\:",
    };
  }
  if (is(offending, RangeOperator, LBrace, RBrace, RParen)) {
    return {
      code: "KQL_UNEXPECTED_TOKEN",
      summary: `unexpected ${show(offending)} after a value`,
      ...(is(offending, RangeOperator)
        ? { hint: "a range has one bound (write f > 5 and f < 10); quote values that contain '<' or '>'" }
        : {}),
    };
  }
  return {
    code: "KQL_MISSING_OPERATOR",
    summary: `expected 'and', 'or' or the end of the query but found ${show(offending)}`,
    ...keywordSpacingHint(offending, previous),
  };
}

/** `a:b and(c:d)`, `(a)or (b)`: a keyword that touches its neighbour is read as text. */
function keywordSpacingHint(offending: IToken | undefined, previous: IToken): { hint?: string } {
  const before = previous.image;
  const touchingAfter = /\s(?:and|or)$/i.test(before);
  const touchingBefore = offending !== undefined && /^(?:and|or)\b/i.test(offending.image);
  if (touchingAfter || touchingBefore) return { hint: "'and' and 'or' need whitespace on both sides" };
  if (offending !== undefined && is(previous, UnquotedLiteral, QuotedString)) {
    return {
      hint: "list several values as field:(a or b); a value written after a space joins the one before",
    };
  }
  return {};
}

function unreadable(query: string, token: IToken): Problem {
  const offset = token.startOffset;
  if (query[offset] === '"') {
    const lineEnd = query.indexOf("\n", offset);
    return {
      code: "KQL_UNTERMINATED_STRING",
      summary: "this quoted value is never closed",
      hint: 'a backslash escapes the next character: end a value with \\\\" for a trailing backslash',
      length: (lineEnd < 0 ? query.length : lineEnd) - offset,
    };
  }
  return {
    code: "KQL_INVALID_ESCAPE",
    summary: `'${query.slice(offset, offset + 2)}' is not an escape sequence`,
    hint: 'write \\\\ for a backslash; \\ escapes only \\ ( ) : < > " * { } and the keywords',
    length: 2,
  };
}
