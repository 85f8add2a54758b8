/** Many compiled rules as one: which rules match an event. */
import type { CompiledRule, EventContext } from "./compiled-rule.js";

export interface RuleSet {
  readonly rules: readonly CompiledRule[];
  /** Exactly the rules whose `matches(event, context)` is true, in the set's order. */
  match(event: object, context?: EventContext): Iterable<CompiledRule>;
}

export function compileRules(rules: Iterable<CompiledRule>): RuleSet {
  const list = [...rules];
  return {
    rules: list,
    *match(event, context) {
      for (const rule of list) if (rule.matches(event, context)) yield rule;
    },
  };
}
