import type { KqlNode } from "../../parser/ast.js";
import { termText } from "../../parser/ast.js";
import { finding } from "../context.js";
import { junctions } from "../structure.js";
import type { LintRule } from "../types.js";

/**
 * A value without a field (spec §6.7, §8 trap 5). `f:foo or bar` is `f:foo` or `bar` searched in every
 * field; the author nearly always meant `f:(foo or bar)`. Inside a nested group Kibana sends free text
 * against a field named `<path>.null`, which matches nothing.
 */
export const freeText: LintRule = {
  id: "free-text",
  codes: ["KQL_LINT_FREE_TEXT"],
  *check(ctx) {
    const previousField = new Map<KqlNode, string>();
    for (const node of junctions(ctx.ast)) {
      if (node.type !== "or") continue;
      node.args.forEach((arg, i) => {
        const prev = node.args[i - 1];
        if (arg.type === "freeText" && prev?.type === "match" && prev.field.kind === "literal")
          previousField.set(arg, termText(prev.field));
      });
    }
    for (const leaf of ctx.leaves) {
      const node = leaf.node;
      if (node.type !== "freeText") continue;
      const text = ctx.raw(node.value.range) ?? termText(node.value);
      const field = previousField.get(node);
      const where =
        leaf.scopePath !== undefined
          ? `Inside a nested group free text is sent against the field "${leaf.scopePath}.null" and matches nothing.`
          : "It is searched in every field of the document.";
      yield finding("KQL_LINT_FREE_TEXT", node.range, `${text} has no field. ${where}`, {
        hint:
          field !== undefined
            ? `A keyword ends the field's scope: to give ${field} several values write ${field}:(… or ${text}).`
            : "Name the field: field:value.",
      });
    }
  },
};
