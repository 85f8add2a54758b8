import { termText } from "../../parser/ast.js";
import { finding } from "../context.js";
import { closest } from "../text.js";
import type { LintRule } from "../types.js";

/**
 * A field name the schema does not know (spec §5.4): Elasticsearch matches nothing on a field no index
 * maps, so the comparison is silently false (and its negation true). Suggests the closest mapped names,
 * preferring those that share the leading segments. A field-name pattern that reaches no mapped field is
 * reported too (Kibana sends it as written and it finds nothing, spec §6.8).
 */
export const unknownField: LintRule = {
  id: "unknown-field",
  codes: ["KQL_LINT_UNKNOWN_FIELD"],
  *check(ctx) {
    const reported = new Map<string, string[]>();
    // A value list names its field once: one finding per written name.
    const seen = new Set<number>();
    for (const leaf of ctx.leaves) {
      const node = leaf.node;
      if (node.type === "freeText" || seen.has(node.field.range.start)) continue;
      seen.add(node.field.range.start);
      if (leaf.expansion) {
        if (leaf.expansion.length > 0) continue;
        // A pattern inside a nested group is expanded by Elasticsearch over the nested documents.
        if (leaf.scopePath !== undefined) continue;
        yield finding(
          "KQL_LINT_UNKNOWN_FIELD",
          node.field.range,
          `The field pattern "${termText(node.field)}" matches no field of the schema.`,
          { hint: "A pattern that matches no mapped field finds nothing; check the spelling." },
        );
        continue;
      }
      if (leaf.resolution?.kind !== "unmapped" || leaf.name === undefined) continue;
      const name = leaf.name;
      let suggestions = reported.get(name);
      if (!suggestions) {
        suggestions = closest(name, ctx.schema.fieldNames());
        reported.set(name, suggestions);
      }
      const [best] = suggestions;
      const fix =
        best !== undefined && leaf.scopePath === undefined && node.field.kind === "literal"
          ? { range: node.field.range, replacement: best }
          : undefined;
      yield finding(
        "KQL_LINT_UNKNOWN_FIELD",
        node.field.range,
        `Unknown field "${name}": the schema does not map it, and Elasticsearch matches nothing on a field no index maps.`,
        {
          hint:
            suggestions.length > 0
              ? `Did you mean ${suggestions.map((s) => `"${s}"`).join(", ")}?`
              : "Check the spelling, or add the field to the schema (options.fields) if your indices map it.",
          ...(fix && suggestions.length === 1 && { fix }),
        },
      );
    }
  },
};
