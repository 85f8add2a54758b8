import type { KqlNode } from "../../parser/ast.js";
import { termText } from "../../parser/ast.js";
import { own } from "../../util/own.js";
import { finding } from "../context.js";
import { ECS_ALLOWED_VALUES } from "../ecs-values.js";
import { junctions } from "../structure.js";
import { closest, writeQuoted } from "../text.js";
import type { LintRule } from "../types.js";

/**
 * Values of the ECS categorization fields (`event.kind`, `event.category`, `event.type`,
 * `event.outcome`). They are keywords, compared case-sensitively, and ECS allows only the lower-case
 * values of a fixed list: `event.outcome:Success` matches nothing in ECS data.
 */
export const ecsValues: LintRule = {
  id: "ecs-values",
  codes: ["KQL_LINT_VALUE_CASE", "KQL_LINT_NOT_AN_ECS_VALUE"],
  *check(ctx) {
    // Values written next to each other in one `or` (a value list): `(Success or success)` is deliberate.
    const siblings = new Map<KqlNode, Set<string>>();
    for (const node of junctions(ctx.ast)) {
      if (node.type !== "or") continue;
      const values = new Set<string>();
      for (const arg of node.args) {
        if (arg.type !== "match" || arg.value.kind !== "literal") continue;
        values.add(`${termText(arg.field)}\u0000${String(arg.value.value)}`);
        siblings.set(arg, values);
      }
    }
    for (const leaf of ctx.leaves) {
      const node = leaf.node;
      if (node.type !== "match" || node.value.kind !== "literal" || leaf.name === undefined) continue;
      const allowed = own(ECS_ALLOWED_VALUES, leaf.name);
      const value = node.value.value;
      if (!allowed || typeof value !== "string" || allowed.includes(value)) continue;
      const lower = value.toLowerCase();
      if (allowed.includes(lower)) {
        if (siblings.get(node)?.has(`${termText(node.field)}\u0000${lower}`)) continue;
        const both = `(${node.value.quoted ? writeQuoted(value) : (ctx.raw(node.value.range) ?? value)} or ${lower})`;
        yield finding(
          "KQL_LINT_VALUE_CASE",
          node.value.range,
          `${leaf.name} is a case-sensitive keyword and ECS writes "${lower}", so "${value}" never matches ECS data.`,
          {
            hint: `Write ${lower}. If a source of this rule writes "${value}" (some integrations do not follow ECS here), list both: ${both}.`,
            fix: { range: node.value.range, replacement: both },
          },
        );
        continue;
      }
      const suggestions = closest(value, allowed, 1);
      yield finding(
        "KQL_LINT_NOT_AN_ECS_VALUE",
        node.value.range,
        `"${value}" is not an ECS allowed value of ${leaf.name}; ECS-conformant sources never write it.`,
        {
          hint:
            suggestions.length > 0
              ? `Did you mean "${suggestions[0]}"? Allowed: ${allowed.join(", ")}.`
              : `Allowed: ${allowed.join(", ")}.`,
        },
      );
    }
  },
};
