import { termText } from "../../parser/ast.js";
import { displayName, fieldsOf, finding } from "../context.js";
import type { LintRule } from "../types.js";

const STRING_TYPES = new Set(["keyword", "constant_keyword", "wildcard", "flattened"]);
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * A range with a numeric bound on a keyword-like field (spec §6.6): Elasticsearch compares the whole
 * value by code point, so `event.code > 4000` is true for "5" and "41" and false for "10000".
 */
export const keywordRange: LintRule = {
  id: "keyword-range",
  codes: ["KQL_LINT_KEYWORD_RANGE"],
  *check(ctx) {
    for (const leaf of ctx.leaves) {
      const node = leaf.node;
      if (node.type !== "range") continue;
      const bound = termText(node.value);
      if (!NUMBER.test(bound)) continue;
      const fields = fieldsOf(leaf).filter((f) => STRING_TYPES.has(f.type) && f.origin !== "flattened-key");
      if (fields.length === 0) continue;
      const types = [...new Set(fields.map((f) => f.type))].join("/");
      yield finding(
        "KQL_LINT_KEYWORD_RANGE",
        node.range,
        `"${displayName(leaf)}" is a ${types} field: the range compares text character by character, not numbers (as text "10" < "9").`,
        {
          hint: "List the exact values instead (`f:(4624 or 4625)`), or compare a numeric field if the data has one.",
        },
      );
    }
  },
};
