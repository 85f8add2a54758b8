/**
 * A Kibana filter after translation: a small tree whose leaves are either KQL syntax trees (evaluated by
 * the KQL evaluator, so `match_phrase` on a keyword is exactly KQL's quoted value on that keyword) or
 * Elasticsearch wildcard patterns (which KQL cannot express: `?`, escapes, `case_insensitive`).
 */
import type { KqlNode } from "../../parser/ast.js";

export type FilterClause =
  | { readonly kind: "kql"; readonly ast: KqlNode; readonly text: string }
  | {
      readonly kind: "wildcard";
      readonly field: string;
      /** Elasticsearch wildcard syntax: `*` any run, `?` one character, `\` escapes. */
      readonly pattern: string;
      readonly caseInsensitive: boolean;
      readonly text: string;
    }
  | { readonly kind: "and"; readonly clauses: readonly FilterClause[] }
  | { readonly kind: "or"; readonly clauses: readonly FilterClause[] }
  | { readonly kind: "not"; readonly clause: FilterClause }
  | { readonly kind: "all" }
  | { readonly kind: "none" };

/** One top-level filter of a rule, with Kibana's switches. */
export interface RuleFilter {
  readonly clause: FilterClause;
  readonly negate: boolean;
  readonly disabled: boolean;
  /** Position in the rule's `filters` list (0-based), for messages and explain output. */
  readonly position: number;
}
