/**
 * The neutral tree of `../shared/conformance/parse.json` (spec 3.1) → our `KqlNode`, so parser and DSL
 * tests can compare against, or start from, the conformance trees. Converted trees carry no source
 * positions: every `range` is `{start: 0, end: 0}`.
 */
import type { KqlNode, LiteralTerm, Term } from "../../src/parser/ast.js";

export type NeutralTerm =
  | { kind: "literal"; value: string | boolean | null; quoted: boolean }
  | { kind: "wildcard"; parts: string[] };

export type NeutralNode =
  | { type: "is"; field: NeutralTerm | null; value: NeutralTerm }
  | { type: "range"; field: NeutralTerm; op: "gt" | "gte" | "lt" | "lte"; value: NeutralTerm }
  | { type: "and" | "or"; args: NeutralNode[] }
  | { type: "not"; arg: NeutralNode }
  | { type: "nested"; path: NeutralTerm; query: NeutralNode };

const NO_RANGE = { start: 0, end: 0 } as const;

function isLone(term: NeutralTerm | null): boolean {
  return term?.kind === "wildcard" && term.parts.length === 2 && term.parts.every((part) => part === "");
}

export function termFromNeutral(term: NeutralTerm): Term {
  return term.kind === "literal"
    ? { kind: "literal", value: term.value, quoted: term.quoted, range: NO_RANGE }
    : { kind: "wildcard", parts: [...term.parts], range: NO_RANGE };
}

/** A range bound is one literal; a `*` in it is plain text (spec 3). */
function boundFromNeutral(term: NeutralTerm): LiteralTerm {
  return term.kind === "literal"
    ? { kind: "literal", value: term.value, quoted: term.quoted, range: NO_RANGE }
    : { kind: "literal", value: term.parts.join("*"), quoted: false, range: NO_RANGE };
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
        op: node.op,
        value: boundFromNeutral(node.value),
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
