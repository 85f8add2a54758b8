import { displayName, finding } from "../context.js";
import { writePattern } from "../text.js";
import type { LintRule } from "../types.js";

/**
 * `*` inside a quoted value is a literal asterisk (spec §2.1, §8 trap 2): `f:"*mimikatz*"` looks for
 * the asterisks themselves. A value made only of asterisks (`"*"`, a literal wildcard grant in IAM and
 * RBAC data) is left alone.
 */
export const quotedWildcard: LintRule = {
  id: "quoted-wildcard",
  codes: ["KQL_LINT_QUOTED_WILDCARD"],
  *check(ctx) {
    for (const leaf of ctx.leaves) {
      const node = leaf.node;
      if (node.type !== "match" && node.type !== "freeText") continue;
      const term = node.value;
      if (term.kind !== "literal" || !term.quoted || typeof term.value !== "string") continue;
      const text = term.value;
      if (!text.includes("*") || /^\*+$/.test(text)) continue;
      const replacement = writePattern(text.split("*"));
      yield finding(
        "KQL_LINT_QUOTED_WILDCARD",
        term.range,
        `Inside quotes "*" is a literal asterisk: ${displayName(leaf)} must contain the text ${JSON.stringify(text)} with its asterisks.`,
        {
          hint: `To use wildcards, write the value unquoted, escaping KQL's special characters: ${replacement}`,
          fix: { range: term.range, replacement },
        },
      );
    }
  },
};
