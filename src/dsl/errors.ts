import type { SourceRange } from "../parser/ast.js";

/**
 * Why Kibana refuses to build a query (its `getFullFieldNameNode` checks): a field under a nested path
 * used outside a nested group, a field that is not nested used inside a group, or a group whose path is
 * not the field's nested path.
 */
export type KqlDslErrorCode = "nested_field_outside_group" | "field_not_nested" | "wrong_nested_path";

export interface KqlDslProblem {
  readonly code: KqlDslErrorCode;
  /** The full data-view field name the problem is about. */
  readonly field: string;
  /** Kibana's text for this one field. */
  readonly message: string;
}

/** Message catalog: Kibana's exact wording, so callers and tests can compare with Kibana's errors. */
const MESSAGES: Record<KqlDslErrorCode, (field: string, nestedPath: string) => string> = {
  nested_field_outside_group: (field) =>
    `${field} is a nested field, but is not in a nested group in the KQL expression.`,
  field_not_nested: (field, groupPath) =>
    `${field} is not a nested field but is in nested group "${groupPath}" in the KQL expression.`,
  wrong_nested_path: (field, fieldPath) =>
    `Nested field ${field} is being queried with the incorrect nested path. The correct path is ${fieldPath}.`,
};

/** Builds one problem; `path` is the group path for `field_not_nested`, the field's own path otherwise. */
export function dslProblem(code: KqlDslErrorCode, field: string, path: string): KqlDslProblem {
  return { code, field, message: MESSAGES[code](field, path) };
}

/**
 * The conversion refused the query, as Kibana would before searching. `message` is Kibana's text (one
 * line per offending field, joined by a line feed as Kibana does); `code` is the first problem's code.
 */
export class KqlDslError extends Error {
  override readonly name = "KqlDslError";
  readonly code: KqlDslErrorCode;
  readonly problems: readonly KqlDslProblem[];
  /** The comparison in the query text that names the field (`{0,0}` for hand-built trees without ranges). */
  readonly range: SourceRange;

  constructor(problems: readonly [KqlDslProblem, ...KqlDslProblem[]], range: SourceRange) {
    super(problems.map((problem) => problem.message).join("\n"));
    this.code = problems[0].code;
    this.problems = problems;
    this.range = range;
  }
}
