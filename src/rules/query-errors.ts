/**
 * Converts the parser's KqlSyntaxError into a RuleLoadError that points at the rule file: the query's own
 * line:column is kept (`queryLine`, `queryColumn`) and, where the query's position in the file is known,
 * translated to the file's line and column.
 */
import { RuleLoadError } from "./errors.js";
import type { RuleDocument } from "./source.js";

interface SyntaxErrorLike {
  readonly name: string;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly summary?: string;
}

function isKqlSyntaxError(error: unknown): error is SyntaxErrorLike {
  return (
    error instanceof Error &&
    error.name === "KqlSyntaxError" &&
    typeof (error as Partial<SyntaxErrorLike>).line === "number" &&
    typeof (error as Partial<SyntaxErrorLike>).column === "number"
  );
}

export function queryError(
  error: unknown,
  doc: RuleDocument,
  key: string,
  isMainQuery: boolean,
): RuleLoadError {
  const keyName = `${doc.keyPrefix}${key}`;
  const base = doc.locate(keyName);
  if (isKqlSyntaxError(error)) {
    const start = isMainQuery ? doc.queryStart() : undefined;
    const line = start ? start.line + error.line - 1 : base.line;
    const column = start ? (error.line === 1 ? start.column + error.column - 1 : error.column) : undefined;
    const detail = error.summary ?? error.message.split("\n")[0] ?? error.message;
    return new RuleLoadError(
      "RULE_QUERY_SYNTAX",
      detail,
      { ...base, key: keyName, line, column, queryLine: error.line, queryColumn: error.column },
      error,
    );
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new RuleLoadError("RULE_QUERY_INVALID", detail, { ...base, key: keyName }, error);
}
