import { queryStringClauses, splitAtWhitespace } from "../../eval/query-string.js";
import { termText } from "../../parser/ast.js";
import type { FieldInfo } from "../../schema/field-info.js";
import { displayName, finding, type Leaf, type LintContext, NON_STRING_TYPES } from "../context.js";
import { QUERY_STRING_WHITESPACE, writePattern } from "../text.js";
import type { LintRule } from "../types.js";

/**
 * Wildcard values with whitespace (spec §6.4, §8 trap 6). Kibana keeps the space only for keyword-only
 * fields in its data view (one `wildcard` query). Everything else — `wildcard`-type fields such as
 * `process.command_line`, text, constant_keyword, keys of flattened fields, names used only inside a
 * nested group, free text — goes through `query_string`, which splits the value at whitespace into
 * OR-ed pieces; a lone `*` piece turns the clause into "the field exists". On keyword-only fields the
 * value is one pattern since Kibana 8.8, but 8.7 and older converted rules untyped and split it too.
 */
export const wildcardSpace: LintRule = {
  id: "wildcard-space",
  codes: ["KQL_LINT_WILDCARD_SPACE", "KQL_LINT_WILDCARD_SPACE_LEGACY"],
  *check(ctx) {
    for (const leaf of ctx.leaves) {
      const node = leaf.node;
      if (node.type !== "match" && node.type !== "freeText") continue;
      const term = node.value;
      if (term.kind !== "wildcard" || !term.parts.some((p) => QUERY_STRING_WHITESPACE.test(p))) continue;
      const how = splitting(leaf, ctx);
      if (how === undefined) continue;
      const clauses = queryStringClauses(term.parts).map((c) =>
        c.kind === "exists" ? "*" : c.kind === "wildcard" ? writePattern(c.parts) : c.text,
      );
      const pieces = clauses.map((c) => `\`${c}\``).join(" OR ");
      const value = `\`${ctx.raw(term.range) ?? writePattern(term.parts)}\``;
      const field = displayName(leaf);
      if (how.split) {
        const existsNote = clauses.includes("*")
          ? ` The lone \`*\` piece is an exists test, so the clause is true for every document that has ${node.type === "freeText" ? "any field" : field}.`
          : "";
        yield finding(
          "KQL_LINT_WILDCARD_SPACE",
          term.range,
          `${how.reason}: Kibana sends ${value} through query_string, which splits it at whitespace into ${pieces}.${existsNote}`,
          { hint: rewriteHint(leaf, ctx, term.parts) },
        );
      } else {
        yield finding(
          "KQL_LINT_WILDCARD_SPACE_LEGACY",
          term.range,
          `${field} is keyword-only: Kibana 8.8 and later keep ${value} as one pattern, spaces included; Kibana 8.7 and older converted rules untyped and split it into ${pieces}.`,
          {
            hint: `If the rule must also run on Kibana 8.7 or older, avoid the space: ${rewrite(leaf, ctx, term.parts)}.`,
          },
        );
      }
    }
  },
};

interface Splitting {
  readonly split: boolean;
  readonly reason: string;
}

/** Whether Kibana's conversion splits this wildcard value (undefined: another rule reports the clause). */
function splitting(leaf: Leaf, ctx: LintContext): Splitting | undefined {
  const node = leaf.node;
  if (node.type === "freeText") return { split: true, reason: "Free text is never typed" };
  const field = displayName(leaf);
  if (leaf.expansion) {
    if (leaf.expansion.some((f) => NON_STRING_TYPES.has(f.type))) return undefined;
    if (leaf.scopePath !== undefined)
      return {
        split: true,
        reason: `${field} is a field-name pattern inside a nested group (converted untyped)`,
      };
    const other = leaf.expansion.find((f) => !f.keywordOnly);
    if (other || leaf.expansion.length === 0)
      return {
        split: true,
        reason: other
          ? `The pattern ${termText(node.field)} reaches ${other.name}, a ${describe(other)} field`
          : `The pattern ${termText(node.field)} matches no mapped field (converted untyped)`,
      };
    return { split: false, reason: "" };
  }
  const res = leaf.resolution;
  if (res?.kind === "unmapped")
    return leaf.scopePath === undefined
      ? { split: false, reason: "" }
      : { split: true, reason: `${field} is used inside a nested group (converted untyped)` };
  if (res?.kind !== "field") return undefined;
  const info = res.field;
  if (NON_STRING_TYPES.has(info.type)) return undefined;
  if (info.origin === "flattened-key")
    return { split: true, reason: `${field} is a key of a flattened field` };
  if (!info.keywordOnly) return { split: true, reason: `${field} is a ${describe(info)} field` };
  if (!ctx.isTyped(leaf, info))
    return {
      split: true,
      reason: `${field} is used only inside a nested group, so Kibana converts it untyped`,
    };
  return { split: false, reason: "" };
}

function describe(field: FieldInfo): string {
  return field.esTypes.length > 1 ? `${field.esTypes.join("/")} (several index types)` : field.type;
}

/**
 * The closest rewrite without a space: each piece keeps its outer anchors, the inner sides get `*`, and
 * lone `*` pieces are dropped — a little broader than the intended text (other characters may stand
 * where the space was, and the order of the pieces is not kept), never narrower.
 */
function rewrite(leaf: Leaf, ctx: LintContext, parts: readonly string[]): string {
  const chunks = splitAtWhitespace(parts);
  const patterns: string[] = [];
  chunks.forEach((chunk, k) => {
    const segs = [...chunk];
    if (segs.length === 2 && segs[0] === "" && segs[1] === "") return;
    if (k > 0 && segs[0] !== "") segs.unshift("");
    if (k < chunks.length - 1 && segs[segs.length - 1] !== "") segs.push("");
    const text = writePattern(segs);
    if (!patterns.includes(text)) patterns.push(text);
  });
  const node = leaf.node;
  const field = node.type === "freeText" ? undefined : (ctx.raw(node.field.range) ?? termText(node.field));
  if (patterns.length === 0) return field === undefined ? "*" : `${field}:*`;
  const values = patterns.length === 1 ? patterns[0] : `(${patterns.join(" and ")})`;
  return field === undefined ? (patterns.join(" and ") as string) : `${field}:${values}`;
}

function rewriteHint(leaf: Leaf, ctx: LintContext, parts: readonly string[]): string {
  const lines = [
    `KQL cannot escape a space and quotes make * literal; the closest rewrite is ${rewrite(leaf, ctx, parts)} (slightly broader: other text may stand where the space was).`,
  ];
  const name = leaf.name;
  if (name?.endsWith(".command_line")) {
    const args = `${name.slice(0, -".command_line".length)}.args`;
    if (ctx.schema.resolve(args).kind === "field")
      lines.push(`Or match single arguments on the keyword-only field ${args}, where spaces are kept.`);
  }
  lines.push(
    'To compare with the intended reading, evaluate the query with compileQuery(query, { wildcardSpaces: "literal" }).',
  );
  return lines.join(" ");
}
