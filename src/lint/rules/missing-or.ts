import { displayName, fieldsOf, finding } from "../context.js";
import type { LintRule } from "../types.js";

/** A piece that reads as a value of its own: a file name with an extension, possibly with wildcards. */
const FILE_LIKE = /^\*?[^\s*]*\.[A-Za-z0-9]{1,5}\*?$/;
const TEXT_TYPES = new Set(["text", "match_only_text"]);

/**
 * Values that merged because an `or` is missing (spec §8 trap 4): whitespace inside an unquoted value is
 * kept, so `process.name:(cmd.exe powershell.exe)` is one value with a space that matches neither
 * program. Flagged when the whitespace holds a line break, is two characters or longer, or separates
 * pieces that each look like a file name. Text fields are left alone: there any word matches anyway.
 */
export const missingOr: LintRule = {
  id: "missing-or",
  codes: ["KQL_LINT_MISSING_OR"],
  *check(ctx) {
    for (const leaf of ctx.leaves) {
      const node = leaf.node;
      if (node.type !== "match") continue;
      const term = node.value;
      if (term.kind === "literal" && (term.quoted || typeof term.value !== "string")) continue;
      const fields = fieldsOf(leaf);
      if (fields.length > 0 && fields.every((f) => TEXT_TYPES.has(f.type))) continue;
      const written =
        ctx.raw(term.range) ?? (term.kind === "wildcard" ? term.parts.join("*") : String(term.value));
      const gaps = written.match(/\s+/g);
      if (!gaps) continue;
      const pieces = written.split(/\s+/);
      const merged =
        gaps.some((gap) => /[\n\r]/.test(gap) || gap.length >= 2) ||
        pieces.every((piece) => FILE_LIKE.test(piece));
      if (!merged) continue;
      const replacement = `(${pieces.join(" or ")})`;
      yield finding(
        "KQL_LINT_MISSING_OR",
        term.range,
        `${displayName(leaf)}: ${pieces.length} values separated only by whitespace form one value ${JSON.stringify(pieces.join(" "))}, which matches none of them.`,
        {
          hint: `Separate the values with \`or\`: ${replacement}`,
          ...(ctx.source !== undefined && { fix: { range: term.range, replacement } }),
        },
      );
    }
  },
};
