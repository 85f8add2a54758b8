/**
 * `search_failed`: Elasticsearch would reject the whole search (spec 6.3) — a value or pattern the field
 * type cannot take, a nested query on a path not mapped nested. `unsupported`: outside the subset this
 * interpreter models (a query kind, field type or `query_string` syntax it does not know).
 */
export type DslInterpretErrorCode = "search_failed" | "unsupported";

export class DslInterpretError extends Error {
  override readonly name = "DslInterpretError";
  readonly code: DslInterpretErrorCode;

  constructor(code: DslInterpretErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
