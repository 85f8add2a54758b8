/**
 * What compileRule knows about a rule beyond its public shape, for RuleSet's dispatch: the compiled
 * query AND filters over the event as the query sees it, the data-stream table its constants come from,
 * and the equality terms its query requires. Kept in a WeakMap so CompiledRule stays a plain object
 * (copies and hand-made rules simply have none, and a RuleSet evaluates them through `matches`).
 */
import type { TermAlternatives } from "../eval/required-terms.js";
import type { CompiledRule } from "./compiled-rule.js";
import type { DataStreamTable } from "./data-streams.js";
import type { EventPredicate } from "./engine.js";

export interface RuleInternals {
  /** Query AND filters, on the event already carrying its index's constants (no index check). */
  readonly test: EventPredicate;
  /** The table `eventForIndex` takes constants from. */
  readonly dataStreams: DataStreamTable;
  /** Necessary equality conditions of the query; computed on first use (compileRules, not compileRule). */
  requiredTerms(): readonly TermAlternatives[];
}

const internals = new WeakMap<CompiledRule, RuleInternals>();

export function setRuleInternals(rule: CompiledRule, value: RuleInternals): void {
  internals.set(rule, value);
}

export function ruleInternals(rule: CompiledRule): RuleInternals | undefined {
  return internals.get(rule);
}
