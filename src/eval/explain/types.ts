import type { KqlNodeType, SourceRange } from "../../parser/ast.js";

/**
 * Why a query does or does not match one event: a JSON tree mirroring the query's syntax tree. Plain
 * data only (no `undefined` values, no class instances), so `JSON.parse(JSON.stringify(x))` gives back
 * an equal tree.
 */
export interface Explanation {
  /** Format version of this tree. */
  readonly version: 1;
  /** The query text the ranges point into (formatted from the tree when only a tree was given). */
  readonly query: string;
  /** Exactly what `compileQuery(query, options)(event)` returns. */
  readonly result: boolean;
  /** The query cannot run: a syntax error, a refusal at compile time, or one caused by this event. */
  readonly error?: ExplainError;
  /** Absent only when the query does not parse or exceeds a compile limit (`KQL_LIMIT_EXCEEDED`). */
  readonly root?: ExplainNode;
}

export interface ExplainError {
  /** `KqlSyntaxError` / `KqlCompileError` code (`KQL_ES_REJECTS_QUERY`, …). */
  readonly code: string;
  /** Who refuses: the parser, Kibana's conversion, Elasticsearch, or this library (options). */
  readonly origin: "syntax" | "kibana" | "elasticsearch" | "library";
  /** One line, e.g. `Elasticsearch rejects this query: "abc" is not a number, …`. */
  readonly message: string;
  /** True when the refusal depends on this event's values (a dynamically typed field). */
  readonly eventDependent: boolean;
  readonly range?: SourceRange;
  readonly field?: string;
}

/** The DSL query Kibana sends for one field (spec §4.1, §6.7), or `none` when nothing is sent that can match. */
export type QueryKind =
  | "term"
  | "wildcard"
  | "match"
  | "match_phrase"
  | "query_string"
  | "multi_match"
  | "range"
  | "exists"
  | "none";

/** A JSON value as the event held it, or its indexed form. */
export type JsonScalar = string | number | boolean;

/** One event value compared by a field check. */
export interface CheckedValue {
  /** Full dotted path of the value (differs from the field for flattened fields and scans). */
  readonly path: string;
  /** The value as the event holds it. */
  readonly value: JsonScalar;
  /**
   * What the index holds after index-time conversion: the (normalised) keyword, the number at the
   * field's precision, the ISO instant, the address, the analysed tokens; `null` when the value is not
   * indexed at all (not a number, longer than `ignore_above`, …).
   */
  readonly indexed: JsonScalar | readonly string[] | null;
  readonly result: boolean;
}

/** One field a comparison reads (a field-name pattern or free text reaches several). */
export interface FieldCheck {
  readonly field: string;
  /** The Elasticsearch type the values are compared as (`object` for an object path, `unknown` when unset). */
  readonly type: string;
  /** How the field got its type: `declared`, `multi-field`, `caseless`, `dynamic`, … (spec §5.4, §11). */
  readonly origin: string;
  readonly query: QueryKind;
  /** Case folded by `caseInsensitive` or a lowercase normalizer. */
  readonly caseInsensitive: boolean;
  readonly result: boolean;
  /** The field has no value in the document. */
  readonly missing: boolean;
  readonly values: readonly CheckedValue[];
  /** Why this field does not match (absent when it matches). */
  readonly reason?: string;
}

interface NodeBase {
  readonly type: KqlNodeType;
  readonly range: SourceRange;
  /** The source text of `range` (for a value of a value list: `field:value`). */
  readonly text: string;
  /** False when the compiled query never ran this node for this document (and/or short-circuit). */
  readonly evaluated: boolean;
  /** The node's answer; `null` when not evaluated. */
  readonly result: boolean | null;
  /** Set on the node a refusal points at. */
  readonly error?: string;
}

export interface BooleanExplanation extends NodeBase {
  readonly type: "and" | "or" | "not";
  readonly children: readonly ExplainNode[];
}

export interface MatchAllExplanation extends NodeBase {
  readonly type: "matchAll";
}

/** One element of a nested path, with the inner query explained against it. */
export interface NestedElement {
  /** Position among the path's elements (arrays flattened). */
  readonly index: number;
  readonly result: boolean;
  readonly query: ExplainNode;
}

export interface NestedExplanation extends NodeBase {
  readonly type: "nested";
  /** Full nested path. */
  readonly path: string;
  /** Elements the query was run on, in order (it stops at the first that matches). */
  readonly elements: readonly NestedElement[];
  /** The inner query, unevaluated: present when no element was visited. */
  readonly query?: ExplainNode;
  readonly reason?: string;
}

export interface LeafExplanation extends NodeBase {
  readonly type: "match" | "exists" | "range" | "freeText";
  /** The field name as written (with the nested prefix); absent for free text. */
  readonly field?: string;
  /** The query value as written (`*` for exists; the bound for ranges). */
  readonly value: string;
  /** Range operator. */
  readonly op?: "gt" | "gte" | "lt" | "lte";
  /** Every field the comparison read, with its values (for free text: only fields that hold a value). */
  readonly checks: readonly FieldCheck[];
  /** The value that satisfied the comparison. */
  readonly matched?: { readonly field: string; readonly path: string; readonly value: JsonScalar };
  /** Why the comparison is false: one line. */
  readonly reason?: string;
  /** Things worth knowing either way (e.g. how query_string split a wildcard). */
  readonly notes?: readonly string[];
}

export type ExplainNode = BooleanExplanation | MatchAllExplanation | NestedExplanation | LeafExplanation;
