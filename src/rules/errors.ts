/**
 * Errors raised while loading a rule. Errors are data: a stable `code` from one catalog, where the problem
 * is (file, key, line) and a short `summary`; `message` renders all of it on one line for logs.
 */

/** Every code a rule load can fail with, and the one-line summary template for it. */
export const RULE_ERROR_CATALOG = {
  RULE_TOML_SYNTAX: "the file is not valid TOML",
  RULE_JSON_SYNTAX: "the file is not valid JSON",
  RULE_NOT_A_RULE: "the document is not a detection rule",
  RULE_MULTIPLE_RULES: "the text holds more than one rule; use compileRules or loadRules",
  RULE_MISSING_KEY: "a required key is missing",
  RULE_WRONG_TYPE: "a key has the wrong type",
  RULE_INVALID_VALUE: "a key has an invalid value",
  RULE_UNSUPPORTED_LANGUAGE: "the rule's language is not supported",
  RULE_UNSUPPORTED_TYPE: "the rule's type is not supported",
  RULE_UNSUPPORTED_FILTER: "a filter uses a query this library cannot evaluate",
  RULE_QUERY_SYNTAX: "the KQL query has a syntax error",
  RULE_QUERY_INVALID: "the KQL query cannot be compiled",
  RULE_FILE_READ: "the file cannot be read",
  RULE_FILE_TOO_LARGE: "the file is larger than the rule file limit",
  RULE_NO_FILES: "no rule files matched",
} as const;

export type RuleErrorCode = keyof typeof RULE_ERROR_CATALOG;

/** Where in the rule source a problem is. Every part is optional: only what is known is filled in. */
export interface RuleErrorLocation {
  /** The file name given to the loader (or `compileRule(…, { fileName })`). */
  readonly file?: string;
  /** Dotted path of the rule key, in the detection-rules TOML layout: `rule.query`, `rule.threshold.value`. */
  readonly key?: string;
  /** 1-based line in the file (for NDJSON: the line holding the rule). */
  readonly line?: number;
  /** 1-based column in the file. */
  readonly column?: number;
  /** For query syntax errors: 1-based line and column inside the query text itself. */
  readonly queryLine?: number;
  readonly queryColumn?: number;
}

export class RuleLoadError extends Error {
  override readonly name = "RuleLoadError";
  readonly code: RuleErrorCode;
  /** The problem in a few words, without location. */
  readonly summary: string;
  readonly file: string | undefined;
  readonly key: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly queryLine: number | undefined;
  readonly queryColumn: number | undefined;

  constructor(
    code: RuleErrorCode,
    detail: string | undefined,
    location: RuleErrorLocation = {},
    cause?: unknown,
  ) {
    const summary = detail ? `${RULE_ERROR_CATALOG[code]}: ${detail}` : RULE_ERROR_CATALOG[code];
    super(renderMessage(code, summary, location), cause === undefined ? undefined : { cause });
    this.code = code;
    this.summary = summary;
    this.file = location.file;
    this.key = location.key;
    this.line = location.line;
    this.column = location.column;
    this.queryLine = location.queryLine;
    this.queryColumn = location.queryColumn;
  }

  /** The same error with more location facts (callers higher up know the file name). */
  withLocation(extra: RuleErrorLocation): RuleLoadError {
    const merged: RuleErrorLocation = {
      file: this.file ?? extra.file,
      key: this.key ?? extra.key,
      line: this.line ?? extra.line,
      column: this.column ?? extra.column,
      queryLine: this.queryLine ?? extra.queryLine,
      queryColumn: this.queryColumn ?? extra.queryColumn,
    };
    const copy = new RuleLoadError(this.code, undefined, merged, this.cause);
    // Keep the detailed summary of the original, not the catalog's bare template.
    Object.defineProperty(copy, "summary", { value: this.summary });
    Object.defineProperty(copy, "message", { value: renderMessage(this.code, this.summary, merged) });
    return copy;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      summary: this.summary,
      file: this.file,
      key: this.key,
      line: this.line,
      column: this.column,
      queryLine: this.queryLine,
      queryColumn: this.queryColumn,
      message: this.message,
    };
  }
}

/** `rules/x.toml:12:3 rule.query (query 2:7): [RULE_QUERY_SYNTAX] the KQL query has a syntax error: …` */
function renderMessage(code: RuleErrorCode, summary: string, loc: RuleErrorLocation): string {
  let where = loc.file ?? "";
  if (loc.line !== undefined) where += `${where ? ":" : "line "}${loc.line}`;
  if (loc.line !== undefined && loc.column !== undefined) where += `:${loc.column}`;
  if (loc.key) where += `${where ? " " : ""}${loc.key}`;
  if (loc.queryLine !== undefined) where += ` (query ${loc.queryLine}:${loc.queryColumn ?? 1})`;
  return `${where ? `${where}: ` : ""}[${code}] ${summary}`;
}

export function isRuleLoadError(error: unknown): error is RuleLoadError {
  return error instanceof RuleLoadError;
}
