import type { KqlNode } from "../../parser/ast.js";
import { finding } from "../context.js";
import { clauseKey, innerChains, junctions, operands } from "../structure.js";
import type { LintRule } from "../types.js";

/**
 * Clauses that are constant whatever the document: `X or not X` is always true and `X and not X` always
 * false, for any clause X (a comparison is true or false per document, multi-valued fields included).
 * Nothing else is flagged: `f:a and f:b` holds for a multi-valued field with both values, and
 * `n > 5 and n < 3` for `n = [6, 1]` (spec §6.1), so they are not constant.
 */
export const constantClauses: LintRule = {
  id: "constant-clauses",
  codes: ["KQL_LINT_ALWAYS_TRUE", "KQL_LINT_ALWAYS_FALSE"],
  *check(ctx) {
    const inner = innerChains(ctx.ast);
    for (const node of junctions(ctx.ast)) {
      if (inner.has(node)) continue;
      const args = operands(node);
      const positive = new Set(args.filter((a) => a.type !== "not").map(clauseKey));
      const clash = args.find(
        (a): a is KqlNode & { type: "not" } => a.type === "not" && positive.has(clauseKey(a.arg)),
      );
      if (!clash) continue;
      const x = clauseKey(clash.arg);
      yield node.type === "or"
        ? finding(
            "KQL_LINT_ALWAYS_TRUE",
            node.range,
            `This \`or\` contains both ${x} and its negation, so it is true for every document.`,
            {
              hint: "One side is probably meant to be a different clause; as written the condition filters nothing.",
            },
          )
        : finding(
            "KQL_LINT_ALWAYS_FALSE",
            node.range,
            `This \`and\` requires both ${x} and its negation, so no document can match it.`,
            {
              hint: "One side is probably meant to be a different clause; as written this part never matches.",
            },
          );
    }
  },
};
