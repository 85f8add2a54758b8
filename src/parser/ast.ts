/**
 * The typed KQL syntax tree.
 *
 * Every node and term carries `range`: half-open UTF-16 offsets `[start, end)` into the query text, so
 * errors, explain traces and lint findings can point at the source. Value lists such as
 * `f:(a or b and not c)` are distributed while parsing (`f:a or (f:b and not f:c)`), exactly as Kibana
 * builds its tree; each distributed comparison keeps the range of its own value, and its field term keeps
 * the range of the field name written once in front of the list.
 */

/** Half-open span of UTF-16 code units in the query text. */
export interface SourceRange {
  readonly start: number;
  readonly end: number;
}

/** A literal value or field name. Unquoted `true`/`false`/`null` become booleans / null. */
export interface LiteralTerm {
  readonly kind: "literal";
  readonly value: string | boolean | null;
  /** Written inside double quotes (matters for text fields: phrase search). */
  readonly quoted: boolean;
  readonly range: SourceRange;
}

/**
 * An unquoted value with at least one unescaped `*`: the literal segments between the wildcards.
 * `foo*bar` → `["foo", "bar"]`, a lone `*` → `["", ""]`, `*foo*` → `["", "foo", ""]`. An escaped `\*`
 * stays inside a segment as a plain asterisk.
 */
export interface WildcardTerm {
  readonly kind: "wildcard";
  readonly parts: readonly string[];
  readonly range: SourceRange;
}

export type Term = LiteralTerm | WildcardTerm;

export type RangeOperator = "gt" | "gte" | "lt" | "lte";

/** `a or b or c` — n-ary, two or more arguments; a same-level chain is flat. */
export interface OrNode {
  readonly type: "or";
  readonly args: readonly KqlNode[];
  readonly range: SourceRange;
}

/** `a and b and c` — n-ary, two or more arguments. */
export interface AndNode {
  readonly type: "and";
  readonly args: readonly KqlNode[];
  readonly range: SourceRange;
}

export interface NotNode {
  readonly type: "not";
  readonly arg: KqlNode;
  readonly range: SourceRange;
}

/** `field: value` where value is a literal or a wildcard pattern (but not a lone `*`: see ExistsNode). */
export interface MatchNode {
  readonly type: "match";
  /** A literal name, or a field-name pattern such as `file.hash.*`. */
  readonly field: Term;
  readonly value: Term;
  readonly range: SourceRange;
}

/** `field: *` — the field has at least one value. */
export interface ExistsNode {
  readonly type: "exists";
  readonly field: Term;
  readonly range: SourceRange;
}

/**
 * `field < value`, `field >= value`, … The bound is one literal. A `*` in it is not a wildcard: Kibana
 * keeps the term as a pattern in its tree but sends its text (`5*`), so read the bound with `termText`.
 */
export interface RangeNode {
  readonly type: "range";
  readonly field: Term;
  readonly op: RangeOperator;
  readonly value: Term;
  readonly range: SourceRange;
}

/** `path: { query }` — field names inside `query` are relative to `path`. */
export interface NestedNode {
  readonly type: "nested";
  readonly path: Term;
  readonly query: KqlNode;
  readonly range: SourceRange;
}

/** The empty query, a blank query, or `*:*`. */
export interface MatchAllNode {
  readonly type: "matchAll";
  readonly range: SourceRange;
}

/** A value without a field: searched in every field of the document (a bare `*` is free text too). */
export interface FreeTextNode {
  readonly type: "freeText";
  readonly value: Term;
  readonly range: SourceRange;
}

export type KqlNode =
  | OrNode
  | AndNode
  | NotNode
  | MatchNode
  | ExistsNode
  | RangeNode
  | NestedNode
  | MatchAllNode
  | FreeTextNode;

export type KqlNodeType = KqlNode["type"];

/** The text of a term as one string: wildcard parts are joined with `*` (escaping is not restored). */
export function termText(term: Term): string {
  return term.kind === "literal" ? String(term.value) : term.parts.join("*");
}

/** True for a term that is exactly one unescaped `*`. */
export function isLoneWildcard(term: Term): boolean {
  return term.kind === "wildcard" && term.parts.length === 2 && term.parts[0] === "" && term.parts[1] === "";
}
