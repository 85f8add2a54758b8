/**
 * The neutral tree of `../shared/conformance/parse.json` (spec 3.1) → our `KqlNode` (the inverse of
 * `toNeutral`), so DSL tests can start from the conformance trees independently of the parser. Converted trees carry no source
 * positions: every `range` is `{start: 0, end: 0}`.
 */
import type { KqlNode, RangeOperator, Term } from "../../src/parser/ast.js";
import type { NeutralNode, NeutralTerm } from "./neutral-ast.js";

const NO_RANGE = { start: 0, end: 0 } as const;

function isLone(term: NeutralTerm | null): boolean {
  return term?.kind === "wildcard" && term.parts.length === 2 && term.parts.every((part) => part === "");
}

export function termFromNeutral(term: NeutralTerm): Term {
  return term.kind === "literal"
    ? { kind: "literal", value: term.value, quoted: term.quoted, range: NO_RANGE }
    : { kind: "wildcard", parts: [...term.parts], range: NO_RANGE };
}

export function astFromNeutral(node: NeutralNode): KqlNode {
  switch (node.type) {
    case "is":
      if (isLone(node.field) && isLone(node.value)) return { type: "matchAll", range: NO_RANGE };
      if (node.field === null)
        return { type: "freeText", value: termFromNeutral(node.value), range: NO_RANGE };
      if (isLone(node.value)) return { type: "exists", field: termFromNeutral(node.field), range: NO_RANGE };
      return {
        type: "match",
        field: termFromNeutral(node.field),
        value: termFromNeutral(node.value),
        range: NO_RANGE,
      };
    case "range":
      return {
        type: "range",
        field: termFromNeutral(node.field),
        op: node.op as RangeOperator,
        value: termFromNeutral(node.value),
        range: NO_RANGE,
      };
    case "and":
    case "or":
      return { type: node.type, args: node.args.map(astFromNeutral), range: NO_RANGE };
    case "not":
      return { type: "not", arg: astFromNeutral(node.arg), range: NO_RANGE };
    case "nested":
      return {
        type: "nested",
        path: termFromNeutral(node.path),
        query: astFromNeutral(node.query),
        range: NO_RANGE,
      };
  }
}
