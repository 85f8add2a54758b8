import type { KqlNode, SourceRange } from "../parser/ast.js";
import type { EsTypesMap, FieldMap, Schema } from "../schema/schema.js";
import type { LintCode } from "./catalog.js";

export type Severity = "error" | "warning" | "info";

/** A text edit that repairs the finding: replace `range` of the query text with `replacement`. */
export interface LintFix {
  readonly range: SourceRange;
  readonly replacement: string;
}

/** One problem in a query. `range` is a half-open span of UTF-16 offsets into the query text. */
export interface Finding {
  readonly code: LintCode;
  readonly severity: Severity;
  readonly message: string;
  readonly range: SourceRange;
  /** What to do instead, in a rule author's words (may contain a suggested rewrite). */
  readonly hint?: string;
  /** A mechanical repair that keeps what the author evidently meant. */
  readonly fix?: LintFix;
}

/** Options of `lint`. Schema options mean the same as in `compileQuery`. */
export interface LintOptions {
  /** Replaces the built-in ECS + integration schema (a `Schema`, or a field map that is the whole mapping). */
  readonly schema?: Schema | FieldMap;
  /** Field definitions merged over the schema. */
  readonly fields?: FieldMap;
  /** A field's types across the rule's indices (Kibana's `esTypes`). */
  readonly esTypes?: EsTypesMap;
  /**
   * The query text, when `lint` is given a tree: findings that look at how values were written (escapes,
   * spacing, quoting) need it. Ignored when `lint` is given the text itself.
   */
  readonly source?: string;
  /** Codes to leave out of the result. */
  readonly disable?: readonly LintCode[];
}

/** A lint rule: one definition object per file, run over a prepared context (see context.ts). */
export interface LintRule {
  /** Short id for documentation and `disable` grouping. */
  readonly id: string;
  /** Codes this rule can report (each documented in the catalog). */
  readonly codes: readonly LintCode[];
  readonly check: (ctx: import("./context.js").LintContext) => Iterable<Finding>;
}

export type { KqlNode, SourceRange };
