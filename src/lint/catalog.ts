import type { Severity } from "./types.js";

export interface CatalogEntry {
  readonly severity: Severity;
  /** One line: what the finding means. */
  readonly summary: string;
}

/**
 * Every lint code, its severity and a one-line summary (documented at length in docs/lint.md). Codes are
 * stable: never renamed once released. `error` = Kibana or Elasticsearch refuses the query (the rule
 * never runs); `warning` = the query runs but very likely does not mean what the author wrote; `info` =
 * worth knowing, usually harmless.
 */
export const LINT_CATALOG = Object.freeze({
  KQL_LINT_SYNTAX_ERROR: { severity: "error", summary: "the query does not parse" },
  KQL_LINT_WILDCARD_ON_NON_STRING: {
    severity: "error",
    summary: "a wildcard value on a numeric, date, ip or boolean field: Elasticsearch rejects the search",
  },
  KQL_LINT_ES_REJECTS_QUERY: {
    severity: "error",
    summary: "a value the field's type cannot take: Elasticsearch rejects the search",
  },
  KQL_LINT_FLATTENED_KEY_RANGE: {
    severity: "error",
    summary: "a range on a key of a flattened field: Elasticsearch needs both bounds, KQL sends one",
  },
  KQL_LINT_NESTED_FIELD_OUTSIDE_GROUP: {
    severity: "error",
    summary: "a field under a nested path used outside its nested group: Kibana refuses the query",
  },
  KQL_LINT_NESTED_FIELD_WRONG_GROUP: {
    severity: "error",
    summary: "a field used inside a nested group that is not its own: Kibana refuses the query",
  },
  KQL_LINT_NOT_A_NESTED_PATH: {
    severity: "error",
    summary: "a nested group `p:{ … }` whose path is not mapped nested: Elasticsearch rejects the search",
  },
  KQL_LINT_UNKNOWN_FIELD: { severity: "warning", summary: "the field is not in the schema" },
  KQL_LINT_KEYWORD_RANGE: {
    severity: "warning",
    summary: "a numeric range on a keyword field compares strings, not numbers",
  },
  KQL_LINT_TEXT_UNQUOTED_WORDS: {
    severity: "warning",
    summary: "an unquoted multi-word value on a text field matches any one of the words",
  },
  KQL_LINT_VALUE_CASE: {
    severity: "warning",
    summary: "a keyword value in the wrong letter case for an ECS field with lower-case allowed values",
  },
  KQL_LINT_NOT_AN_ECS_VALUE: {
    severity: "info",
    summary: "a value outside the ECS allowed values of a categorization field",
  },
  KQL_LINT_QUESTION_MARK: {
    severity: "warning",
    summary: "`?` used as a single-character wildcard: in KQL it is a literal question mark",
  },
  KQL_LINT_QUOTED_WILDCARD: {
    severity: "warning",
    summary: "`*` inside quotes is a literal asterisk, not a wildcard",
  },
  KQL_LINT_MISSING_OR: {
    severity: "warning",
    summary: "values written after a space join the one before: an `or` is probably missing",
  },
  KQL_LINT_CONTROL_ESCAPE: {
    severity: "warning",
    summary: "`\\t`, `\\n` or `\\r` in a value (typically a Windows path) becomes TAB, LF or CR",
  },
  KQL_LINT_DUPLICATE_VALUE: { severity: "warning", summary: "the same value twice in a value list" },
  KQL_LINT_DUPLICATE_CLAUSE: { severity: "warning", summary: "the same clause twice in one and/or" },
  KQL_LINT_ALWAYS_TRUE: { severity: "warning", summary: "the clause is true for every document" },
  KQL_LINT_ALWAYS_FALSE: { severity: "warning", summary: "the clause is false for every document" },
  KQL_LINT_WILDCARD_SPACE: {
    severity: "warning",
    summary: "a wildcard value with spaces is split into OR-ed pieces on this field",
  },
  KQL_LINT_WILDCARD_SPACE_LEGACY: {
    severity: "info",
    summary: "a wildcard value with spaces on a keyword field: one pattern since Kibana 8.8, split before",
  },
  KQL_LINT_FLATTENED_KEY_WILDCARD: {
    severity: "warning",
    summary: "a wildcard value on a key of a flattened field matches unreliably",
  },
  KQL_LINT_FREE_TEXT: {
    severity: "warning",
    summary: "a value without a field is searched in every field",
  },
} as const satisfies Record<string, CatalogEntry>);

export type LintCode = keyof typeof LINT_CATALOG;

export const LINT_CODES: readonly LintCode[] = Object.freeze(Object.keys(LINT_CATALOG) as LintCode[]);
