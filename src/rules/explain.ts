/**
 * `explain(queryOrRule, event)` of the API contract: for a query, the evaluator's clause-by-clause tree;
 * for a compiled rule, the rule-level explanation (index, query tree, filters).
 */
import { type ExplainOptions, type Explanation, explain as explainQuery } from "../eval/explain/index.js";
import type { KqlNode } from "../parser/ast.js";
import type { CompiledRule, EventContext, RuleExplanation } from "./compiled-rule.js";
import { formatExplanation } from "./fixtures/run.js";

function isCompiledRule(value: unknown): value is CompiledRule {
  return (
    typeof value === "object" && value !== null && "matches" in value && "spec" in value && "explain" in value
  );
}

export function explain(rule: CompiledRule, event: object, options?: EventContext): RuleExplanation;
export function explain(query: string | KqlNode, event: object, options?: ExplainOptions): Explanation;
export function explain(
  queryOrRule: string | KqlNode | CompiledRule,
  event: object,
  options?: ExplainOptions | EventContext,
): Explanation | RuleExplanation {
  if (isCompiledRule(queryOrRule)) return queryOrRule.explain(event, options as EventContext | undefined);
  return explainQuery(queryOrRule, event, options as ExplainOptions | undefined);
}

/** A rule explanation as text: index, the query with ✓/✗ per clause, filters. */
export function renderRuleExplanation(
  explanation: RuleExplanation,
  options: { color?: boolean } = {},
): string {
  return formatExplanation(explanation, options).join("\n");
}
