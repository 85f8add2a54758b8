import { displayName, fieldsOf, finding } from "../context.js";
import { writeQuoted } from "../text.js";
import type { LintRule } from "../types.js";

const TEXT_TYPES = new Set(["text", "match_only_text"]);

/**
 * An unquoted value with several words on a text field (spec §6.2, §8 trap 7): `match` analyses it into
 * words and matches a document containing **any** of them. Quoting makes it a phrase (all words, in order).
 */
export const textUnquotedWords: LintRule = {
  id: "text-unquoted-words",
  codes: ["KQL_LINT_TEXT_UNQUOTED_WORDS"],
  *check(ctx) {
    for (const leaf of ctx.leaves) {
      const node = leaf.node;
      if (node.type !== "match" || node.value.kind !== "literal" || node.value.quoted) continue;
      const text = node.value.value;
      if (typeof text !== "string" || !/\s/.test(text)) continue;
      if (!fieldsOf(leaf).some((f) => TEXT_TYPES.has(f.type))) continue;
      const quoted = writeQuoted(text);
      yield finding(
        "KQL_LINT_TEXT_UNQUOTED_WORDS",
        node.value.range,
        `"${displayName(leaf)}" is a text field: the unquoted value "${text}" matches any document containing any one of its words.`,
        {
          hint: `Quote it to search the phrase: ${quoted}. To require every word in any order, write one clause per word joined by \`and\`.`,
          fix: { range: node.value.range, replacement: quoted },
        },
      );
    }
  },
};
