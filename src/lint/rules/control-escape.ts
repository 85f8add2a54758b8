import { displayName, finding } from "../context.js";
import { controlEscapes } from "../text.js";
import type { LintRule } from "../types.js";

const NAMES: Record<string, string> = { t: "TAB", n: "LF (line feed)", r: "CR (carriage return)" };

/**
 * `\t`, `\n` and `\r` are live escapes in quoted **and** unquoted values (spec §2.1, §2.2, §8 trap 1):
 * `"C:\temp\new.exe"` contains a TAB and a line feed. Suggests doubling the backslash.
 */
export const controlEscape: LintRule = {
  id: "control-escape",
  codes: ["KQL_LINT_CONTROL_ESCAPE"],
  *check(ctx) {
    for (const leaf of ctx.leaves) {
      const node = leaf.node;
      if (node.type === "exists") continue;
      const term = node.value;
      const raw = ctx.raw(term.range);
      if (raw === undefined) continue;
      const hits = controlEscapes(raw);
      if (hits.length === 0) continue;
      let replacement = "";
      let last = 0;
      for (const at of hits) {
        replacement += `${raw.slice(last, at)}\\`;
        last = at;
      }
      replacement += raw.slice(last);
      const escapes = [...new Set(hits.map((at) => raw.slice(at, at + 2)))];
      const chars = [...new Set(hits.map((at) => NAMES[raw[at + 1] as string]))];
      yield finding(
        "KQL_LINT_CONTROL_ESCAPE",
        term.range,
        `${escapes.join(", ")} in this value of ${displayName(leaf)} ${escapes.length > 1 ? "are escapes" : "is an escape"} for ${chars.join(", ")}, also inside quotes: a path like C:\\temp\\new.exe never matches.`,
        {
          hint: `Double the backslash to mean a backslash: ${replacement}. If the control character is intended, write it as \\u0009, \\u000a or \\u000d to make that plain.`,
          fix: { range: term.range, replacement },
        },
      );
    }
  },
};
