/** The public shape of a loaded rule. */
import type { KqlNode } from "../parser/ast.js";
import type { RuleFilter } from "./filters/clause.js";
import type { FilterTrace } from "./filters/compile.js";
import type { RuleSpec, RuleType, ThreatMapping } from "./spec.js";

/** Where an event comes from. Giving it turns on index-pattern checks and index-derived constants. */
export interface EventContext {
  /** Index or data stream name, e.g. `logs-aws.cloudtrail-default`. */
  readonly index?: string;
}

/** Why a rule did or did not match one event (JSON-serialisable). */
export interface RuleExplanation {
  readonly rule: string;
  readonly matched: boolean;
  /** Present when an index was given: whether the rule's `index` patterns cover it. */
  readonly index?: { readonly name: string; readonly applies: boolean; readonly patterns: readonly string[] };
  /** Constant fields taken from the index because the event lacked them. */
  readonly constantsAdded?: Readonly<Record<string, string>>;
  readonly query: {
    readonly text: string;
    readonly matched: boolean;
    /** The evaluator's explain trace, when the evaluator provides one. */
    readonly trace?: unknown;
  };
  readonly filters: readonly FilterTrace[];
  /** Why the rule can never match, when it cannot (see CompiledRule.warnings). */
  readonly warnings?: readonly RuleWarning[];
}

/** A rule that loaded but that Kibana or Elasticsearch would refuse to run: it matches nothing. */
export interface RuleWarning {
  readonly code: "RULE_QUERY_REFUSED";
  /** `rule.query` or `rule.threat_query`. */
  readonly key: string;
  readonly summary: string;
  readonly message: string;
  readonly queryLine?: number;
  readonly queryColumn?: number;
}

export interface CompiledRule {
  /** `rule_id`. */
  readonly id: string;
  readonly name: string;
  readonly description: string | undefined;
  readonly type: RuleType;
  readonly severity: string;
  readonly riskScore: number;
  readonly tags: readonly string[];
  readonly threat: readonly ThreatMapping[];
  readonly index: readonly string[];
  readonly from: string;
  readonly interval: string;
  readonly timestampOverride: string | undefined;
  readonly maxSignals: number;
  readonly language: "kuery";
  /** The parsed query. */
  readonly ast: KqlNode;
  /** The rule's filters after translation. */
  readonly filters: readonly RuleFilter[];
  /** Everything the rule file says, normalised (type-specific settings included). */
  readonly spec: RuleSpec;
  /** The document as loaded (TOML: `{ metadata, rule, … }`; JSON: the rule object). */
  readonly raw: Readonly<Record<string, unknown>>;
  /** The file the rule came from, when loaded from one. */
  readonly file: string | undefined;
  /**
   * Query AND filters for one event. With `context.index`, the rule must also cover the index and
   * the index's constant fields are visible to the query when the event lacks them.
   */
  matches(event: object, context?: EventContext): boolean;
  explain(event: object, context?: EventContext): RuleExplanation;
  /** Whether the rule's `index` patterns cover an index or data stream name. */
  appliesToIndex(index: string): boolean;
  /** The event as the query sees it for an index: with the index's constant fields filled in. */
  eventForIndex(event: object, index: string | undefined): object;
  /** Problems that make the rule match nothing, as the real rule would fail at every execution. */
  readonly warnings: readonly RuleWarning[];
  /** threat_match rules only: the indicator side (threat_query, threat_filters, threat_index). */
  readonly threatQuery: CompiledThreatQuery | undefined;
}

/** A threat_match rule's indicator side: threat_query AND threat_filters, over indicator documents. */
export interface CompiledThreatQuery {
  readonly ast: KqlNode;
  readonly filters: readonly RuleFilter[];
  /** Whether an indicator document passes threat_query, threat_filters and (with an index) threat_index. */
  matches(indicator: object, context?: EventContext): boolean;
}
