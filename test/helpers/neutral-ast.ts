import type { KqlNode, Term } from "../../src/parser/ast.js";

/** The conformance files' neutral tree (shared/conformance/README.md). */
export type NeutralTerm =
  | { kind: "literal"; value: string | boolean | null; quoted: boolean }
  | { kind: "wildcard"; parts: string[] };
export type NeutralNode =
  | { type: "is"; field: NeutralTerm | null; value: NeutralTerm }
  | { type: "range"; field: NeutralTerm; op: string; value: NeutralTerm }
  | { type: "and" | "or"; args: NeutralNode[] }
  | { type: "not"; arg: NeutralNode }
  | { type: "nested"; path: NeutralTerm; query: NeutralNode };

const LONE: NeutralTerm = { kind: "wildcard", parts: ["", ""] };

function term(t: Term): NeutralTerm {
  return t.kind === "literal"
    ? { kind: "literal", value: t.value, quoted: t.quoted }
    : { kind: "wildcard", parts: [...t.parts] };
}

/** Our AST → the neutral tree, dropping source ranges. */
export function toNeutral(node: KqlNode): NeutralNode {
  switch (node.type) {
    case "or":
    case "and":
      return { type: node.type, args: node.args.map(toNeutral) };
    case "not":
      return { type: "not", arg: toNeutral(node.arg) };
    case "match":
      return { type: "is", field: term(node.field), value: term(node.value) };
    case "exists":
      return { type: "is", field: term(node.field), value: LONE };
    case "matchAll":
      return { type: "is", field: LONE, value: LONE };
    case "freeText":
      return { type: "is", field: null, value: term(node.value) };
    case "range":
      return { type: "range", field: term(node.field), op: node.op, value: term(node.value) };
    case "nested":
      return { type: "nested", path: term(node.path), query: toNeutral(node.query) };
  }
}
