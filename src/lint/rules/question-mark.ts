import { displayName, finding } from "../context.js";
import type { LintRule } from "../types.js";

/** `?` that starts the query part of a URL path (`/secrets?limit=…`): a literal question mark. */
const URL_QUERY = /^[A-Za-z_][\w.-]*(?:=|&|\*|$)/;

/**
 * `?` written as if it were a single-character wildcard (spec §2, §8 trap 15): KQL has no such wildcard,
 * so `cdn??.space` looks for two literal question marks. A `?` that begins the query string of a URL
 * path (`/api/v1/secrets?limit*`) is left alone.
 */
export const questionMark: LintRule = {
  id: "question-mark",
  codes: ["KQL_LINT_QUESTION_MARK"],
  *check(ctx) {
    for (const leaf of ctx.leaves) {
      const node = leaf.node;
      if (node.type !== "match" && node.type !== "freeText") continue;
      const term = node.value;
      const segments =
        term.kind === "wildcard" ? term.parts : [typeof term.value === "string" ? term.value : ""];
      const text = segments.join("*");
      const suspicious = [...text.matchAll(/\?/g)].some((m) => {
        const before = text.slice(0, m.index);
        const after = text.slice((m.index ?? 0) + 1);
        return !(before.includes("/") && URL_QUERY.test(after));
      });
      if (!suspicious) continue;
      const raw = ctx.raw(term.range);
      const unquoted = term.kind === "wildcard" || !term.quoted;
      const fix =
        raw !== undefined && unquoted
          ? { range: term.range, replacement: raw.replace(/\?+/g, "*") }
          : undefined;
      yield finding(
        "KQL_LINT_QUESTION_MARK",
        term.range,
        `"?" is not a wildcard in KQL: ${displayName(leaf)} only matches a value with a literal question mark here.`,
        {
          hint: unquoted
            ? "Use `*` (any number of characters) where one unknown character is meant."
            : "Use an unquoted value with `*` (any number of characters) where one unknown character is meant.",
          fix,
        },
      );
    }
  },
};
