/**
 * Syntax errors: stable codes, one message catalog, a location, and a caret renderer.
 */

/** Stable error codes. Documented in docs/grammar.md; never renamed once released. */
export const SYNTAX_ERROR_CODES = {
  KQL_UNTERMINATED_STRING: "a quoted value has no closing '\"'",
  KQL_INVALID_ESCAPE: "a backslash escapes nothing here",
  KQL_EXPECTED_VALUE: "a value is missing",
  KQL_EXPECTED_QUERY: "a query is missing",
  KQL_EXPECTED_FIELD: "a field name is missing",
  KQL_MISSING_OPERATOR: "two clauses follow each other without 'and' / 'or'",
  KQL_NOT_AFTER_COLON: "'not' right after ':' needs parentheses",
  KQL_DOUBLE_NOT: "'not' directly followed by 'not'",
  KQL_EMPTY_GROUP: "empty parentheses or braces",
  KQL_UNCLOSED_GROUP: "a parenthesis or brace is never closed",
  KQL_UNMATCHED_CLOSE: "a closing parenthesis or brace has no opening one",
  KQL_NESTED_IN_VALUE_LIST: "a nested query inside a value list",
  KQL_UNEXPECTED_TOKEN: "something unexpected",
  KQL_LIMIT_EXCEEDED: "the query exceeds a configured limit",
} as const;

export type SyntaxErrorCode = keyof typeof SYNTAX_ERROR_CODES;

/** Line and column (both 1-based, columns in UTF-16 code units) of an offset. */
export function locate(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source.charCodeAt(i) === 0x0a) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Draws the source line that holds `offset` with a caret under it (and tildes under the rest of the
 * span), the way compilers do. Long lines are cut around the offset so the caret stays visible.
 */
export function renderCaret(source: string, offset: number, length = 1, maxWidth = 100): string {
  const lineStart = source.lastIndexOf("\n", offset - 1) + 1;
  let lineEnd = source.indexOf("\n", offset);
  if (lineEnd < 0) lineEnd = source.length;
  let text = source.slice(lineStart, lineEnd).replace(/\r$/, "");
  let column = offset - lineStart;
  if (text.length > maxWidth) {
    const from = Math.max(0, Math.min(column - Math.floor(maxWidth / 2), text.length - maxWidth));
    const prefix = from > 0 ? "…" : "";
    const suffix = from + maxWidth < text.length ? "…" : "";
    text = prefix + text.slice(from, from + maxWidth) + suffix;
    column = column - from + prefix.length;
  }
  // Tabs keep their width in the caret line so the caret lines up in a terminal.
  const pad = text.slice(0, column).replace(/[^\t]/g, " ");
  const span = Math.max(1, Math.min(length, text.length - column));
  return `${text}\n${pad}^${"~".repeat(span - 1)}`;
}

export interface KqlSyntaxErrorInit {
  code: SyntaxErrorCode;
  /** What went wrong, in a rule author's words, without the location. */
  summary: string;
  query: string;
  offset: number;
  length?: number;
  /** Optional advice on how to fix it. */
  hint?: string;
}

/** Thrown by `parse` for any query Kibana would not accept (and for exceeded limits). */
export class KqlSyntaxError extends Error {
  override readonly name = "KqlSyntaxError";
  readonly code: SyntaxErrorCode;
  readonly summary: string;
  readonly hint: string | undefined;
  /** 0-based offset in UTF-16 code units; the query length when the problem is the end of input. */
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly length: number;
  /** The offending text (empty at the end of the query). */
  readonly text: string;
  readonly query: string;

  constructor(init: KqlSyntaxErrorInit) {
    const { line, column } = locate(init.query, init.offset);
    const length = Math.max(0, init.length ?? (init.offset < init.query.length ? 1 : 0));
    const hint = init.hint ? `\nhint: ${init.hint}` : "";
    super(
      `${init.summary} (line ${line}, column ${column})\n${renderCaret(init.query, init.offset, length)}${hint}`,
    );
    this.code = init.code;
    this.summary = init.summary;
    this.hint = init.hint;
    this.offset = init.offset;
    this.line = line;
    this.column = column;
    this.length = length;
    this.text = init.query.slice(init.offset, init.offset + length);
    this.query = init.query;
  }

  /** The message again: summary, location, the query line with a caret, and the hint if any. */
  format(): string {
    return this.message;
  }

  toJSON() {
    return {
      name: this.name,
      code: this.code,
      summary: this.summary,
      hint: this.hint,
      offset: this.offset,
      line: this.line,
      column: this.column,
      length: this.length,
      text: this.text,
    };
  }
}
