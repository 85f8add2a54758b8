import { compileQuery } from "../../eval/compile-query.js";
import { KqlCompileError } from "../../eval/errors.js";
import type { KqlNode, SourceRange } from "../../parser/ast.js";
import type { LintCode } from "../catalog.js";
import { finding, type Leaf, type LintContext, NON_STRING_TYPES } from "../context.js";
import type { Finding, LintRule } from "../types.js";

const HINTS: Partial<Record<LintCode, string>> = {
  KQL_LINT_WILDCARD_ON_NON_STRING:
    "Numeric, date, ip and boolean fields take no wildcards: use a range (`f >= 1000`), a CIDR block for ip (`10.0.0.0/8`), or `f:*` to test that the field exists.",
  KQL_LINT_FLATTENED_KEY_RANGE:
    "Compare exact values instead (`key:(1 or 2)`), or query a mapped numeric copy of the field if the integration has one.",
  KQL_LINT_NESTED_FIELD_OUTSIDE_GROUP: "Write the comparison inside a nested group: `path:{ field:value }`.",
  KQL_LINT_NESTED_FIELD_WRONG_GROUP: "Move the comparison into the nested group of its own path.",
  KQL_LINT_NOT_A_NESTED_PATH:
    "Only paths mapped `nested` take `path:{ … }`; for a plain object write the full names (`path.field:value`).",
};

/**
 * Queries Kibana or Elasticsearch refuse (spec §6.3): the evaluator's compiler decides, this rule only
 * converts its `KqlCompileError` into findings, with a more specific code where the offending node shows
 * which trap it is. The compiler stops at the first error; when the whole query fails, each comparison is
 * compiled again on its own (inside its nested groups) so that every refused comparison is reported.
 */
export const compileErrors: LintRule = {
  id: "compile-errors",
  codes: [
    "KQL_LINT_WILDCARD_ON_NON_STRING",
    "KQL_LINT_ES_REJECTS_QUERY",
    "KQL_LINT_FLATTENED_KEY_RANGE",
    "KQL_LINT_NESTED_FIELD_OUTSIDE_GROUP",
    "KQL_LINT_NESTED_FIELD_WRONG_GROUP",
    "KQL_LINT_NOT_A_NESTED_PATH",
  ],
  *check(ctx) {
    const first = compileError(ctx.ast, ctx);
    if (!first) return;
    const errors = [first];
    for (const leaf of ctx.leaves) {
      const error = compileError(isolate(leaf), ctx);
      if (error) errors.push(error);
    }
    const seen = new Set<string>();
    for (const error of errors) {
      const f = convert(error, ctx);
      const key = `${f.code}@${f.range.start}-${f.range.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      yield f;
    }
  },
};

function compileError(ast: KqlNode, ctx: LintContext): KqlCompileError | undefined {
  try {
    compileQuery(ast, { schema: ctx.schema });
    return undefined;
  } catch (error) {
    if (error instanceof KqlCompileError && error.origin !== "library") return error;
    throw error;
  }
}

/** The leaf alone, inside copies of its nested groups (ranges kept). */
function isolate(leaf: Leaf): KqlNode {
  let node: KqlNode = leaf.node;
  for (let i = leaf.groups.length - 1; i >= 0; i--)
    node = { ...(leaf.groups[i] as KqlNode & { type: "nested" }), query: node };
  return node;
}

function sameRange(a: SourceRange, b: SourceRange): boolean {
  return a.start === b.start && a.end === b.end;
}

function convert(error: KqlCompileError, ctx: LintContext): Finding {
  const range = error.range ?? ctx.ast.range;
  const leaf = ctx.leaves.find((l) => sameRange(l.node.range, range));
  let code: LintCode;
  switch (error.code) {
    case "KQL_NESTED_FIELD_OUTSIDE_GROUP":
      code = "KQL_LINT_NESTED_FIELD_OUTSIDE_GROUP";
      break;
    case "KQL_NESTED_FIELD_WRONG_GROUP":
      code = "KQL_LINT_NESTED_FIELD_WRONG_GROUP";
      break;
    case "KQL_NOT_A_NESTED_PATH":
      code = "KQL_LINT_NOT_A_NESTED_PATH";
      break;
    default:
      code = rejectionCode(error, leaf, ctx);
  }
  return finding(code, range, error.summary, { hint: HINTS[code] });
}

function rejectionCode(error: KqlCompileError, leaf: Leaf | undefined, ctx: LintContext): LintCode {
  if (!leaf || error.field === undefined) return "KQL_LINT_ES_REJECTS_QUERY";
  const res = ctx.schema.resolve(error.field);
  if (res.kind !== "field") return "KQL_LINT_ES_REJECTS_QUERY";
  const node = leaf.node;
  if (node.type === "match" && node.value.kind === "wildcard" && NON_STRING_TYPES.has(res.field.type))
    return "KQL_LINT_WILDCARD_ON_NON_STRING";
  if (node.type === "range" && res.field.origin === "flattened-key") return "KQL_LINT_FLATTENED_KEY_RANGE";
  return "KQL_LINT_ES_REJECTS_QUERY";
}
