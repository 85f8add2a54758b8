import type { AndNode, KqlNode, OrNode } from "../parser/ast.js";
import { format } from "../parser/format.js";

/** Every and/or node of the tree (nested groups included). */
export function* junctions(node: KqlNode): Generator<AndNode | OrNode> {
  switch (node.type) {
    case "and":
    case "or":
      yield node;
      for (const arg of node.args) yield* junctions(arg);
      return;
    case "not":
      yield* junctions(node.arg);
      return;
    case "nested":
      yield* junctions(node.query);
      return;
    default:
      return;
  }
}

/**
 * The operands of an and/or, with same-type children (parenthesised chains) flattened in:
 * `a and (b and c)` → a, b, c. Such a child is then visited again by `junctions`; callers that report
 * per pair skip the nodes that sit directly inside a same-type parent.
 */
export function operands(node: AndNode | OrNode): KqlNode[] {
  const out: KqlNode[] = [];
  for (const arg of node.args) {
    if (arg.type === node.type) out.push(...operands(arg));
    else out.push(arg);
  }
  return out;
}

/** Same-type and/or nodes directly below another (covered by the parent's flattened operands). */
export function innerChains(root: KqlNode): Set<KqlNode> {
  const inner = new Set<KqlNode>();
  for (const node of junctions(root)) for (const arg of node.args) if (arg.type === node.type) inner.add(arg);
  return inner;
}

const keys = new WeakMap<KqlNode, string>();

/** A structural key: equal for clauses that read the same (ranges and spelling aside). */
export function clauseKey(node: KqlNode): string {
  let key = keys.get(node);
  if (key === undefined) {
    key = format(node);
    keys.set(node, key);
  }
  return key;
}

/** A comparison written as an item of a value list (the field name stands once in front of it). */
export function isListItem(node: KqlNode): boolean {
  const inner = node.type === "not" ? node.arg : node;
  return (inner.type === "match" || inner.type === "exists") && inner.range.start > inner.field.range.start;
}

export function listFieldStart(node: KqlNode): number | undefined {
  const inner = node.type === "not" ? node.arg : node;
  return inner.type === "match" || inner.type === "exists" ? inner.field.range.start : undefined;
}
