/**
 * KQL syntax-tree nodes built by hand for filter leaves. They carry an empty range: there is no query
 * text behind them (explain output names the filter instead).
 */
import type { KqlNode, LiteralTerm, RangeOperator } from "../../parser/ast.js";

const NO_RANGE = Object.freeze({ start: 0, end: 0 });

function literal(value: string | boolean | null, quoted: boolean): LiteralTerm {
  return { kind: "literal", value, quoted, range: NO_RANGE };
}

/** `field: "value"` (quoted: a phrase / exact term) or `field: value` (unquoted: a match query). */
export function matchNode(field: string, value: string, quoted: boolean): KqlNode {
  return { type: "match", field: literal(field, false), value: literal(value, quoted), range: NO_RANGE };
}

export function existsNode(field: string): KqlNode {
  return { type: "exists", field: literal(field, false), range: NO_RANGE };
}

export function rangeNode(field: string, op: RangeOperator, value: string): KqlNode {
  return { type: "range", field: literal(field, false), op, value: literal(value, false), range: NO_RANGE };
}
