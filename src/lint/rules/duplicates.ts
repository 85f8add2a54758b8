import type { KqlNode } from "../../parser/ast.js";
import { finding } from "../context.js";
import { clauseKey, isListItem, junctions, listFieldStart } from "../structure.js";
import type { LintRule } from "../types.js";

/**
 * The same value twice in a value list (`f:(a or b or a)`), or the same clause twice among the operands
 * of one and/or. Harmless for the result (`x or x` = `x`) but almost always a copy-paste slip that hides
 * the value that was meant. The fix deletes the repetition together with the keyword before it.
 */
export const duplicates: LintRule = {
  id: "duplicates",
  codes: ["KQL_LINT_DUPLICATE_VALUE", "KQL_LINT_DUPLICATE_CLAUSE"],
  *check(ctx) {
    for (const node of junctions(ctx.ast)) {
      const seen = new Map<string, KqlNode>();
      for (let i = 0; i < node.args.length; i++) {
        const arg = node.args[i] as KqlNode;
        const key = clauseKey(arg);
        const first = seen.get(key);
        if (!first) {
          seen.set(key, arg);
          continue;
        }
        const previous = node.args[i - 1] as KqlNode;
        const fix = { range: { start: previous.range.end, end: arg.range.end }, replacement: "" };
        const sameList =
          isListItem(arg) && isListItem(first) && listFieldStart(arg) === listFieldStart(first);
        const text = ctx.raw(arg.range) ?? key;
        yield sameList
          ? finding("KQL_LINT_DUPLICATE_VALUE", arg.range, `The value ${text} is already in this list.`, {
              hint: "Remove it, or replace it with the value that was meant.",
              fix,
            })
          : finding(
              "KQL_LINT_DUPLICATE_CLAUSE",
              arg.range,
              `This clause repeats an earlier operand of the same \`${node.type}\`: ${key}`,
              { hint: "Remove it, or replace it with the clause that was meant.", fix },
            );
      }
    }
  },
};
