/**
 * A rule after loading: the detection-rules TOML layout and Kibana's exported JSON both normalise to
 * this one shape, so nothing downstream cares where a rule came from.
 */

export type RuleType = "query" | "threshold" | "new_terms" | "threat_match";

/** One MITRE ATT&CK (or other framework) mapping, as the rule states it. */
export interface ThreatMapping {
  readonly framework: string;
  readonly tactic: { readonly id: string; readonly name: string; readonly reference?: string };
  readonly technique: readonly {
    readonly id: string;
    readonly name: string;
    readonly reference?: string;
    readonly subtechnique?: readonly {
      readonly id: string;
      readonly name: string;
      readonly reference?: string;
    }[];
  }[];
}

/** `severity_mapping` entry: when the event's `field` equals `value`, the alert gets `severity`. */
export interface SeverityMappingEntry {
  readonly field: string;
  readonly operator: "equals";
  readonly value: string;
  readonly severity: string;
}

/** `risk_score_mapping` entry: the alert's risk score is read from the event's `field`. */
export interface RiskScoreMappingEntry {
  readonly field: string;
  readonly operator: "equals";
  readonly value: string;
}

/** A Kibana filter object, kept as written (its meaning is compiled in filters/). */
export type KibanaFilter = Readonly<Record<string, unknown>>;

interface RuleSpecBase {
  readonly id: string;
  readonly name: string;
  readonly description: string | undefined;
  readonly language: "kuery";
  readonly query: string;
  readonly filters: readonly KibanaFilter[];
  readonly index: readonly string[];
  /** Date math such as `now-9m`: how far back each execution looks. */
  readonly from: string;
  /** How often the rule runs, e.g. `5m`. */
  readonly interval: string;
  readonly maxSignals: number;
  readonly timestampOverride: string | undefined;
  /** When true, events without the override field are not searched by `@timestamp` instead. */
  readonly timestampOverrideFallbackDisabled: boolean;
  readonly severity: string;
  readonly riskScore: number;
  readonly severityMapping: readonly SeverityMappingEntry[];
  readonly riskScoreMapping: readonly RiskScoreMappingEntry[];
  readonly ruleNameOverride: string | undefined;
  readonly tags: readonly string[];
  readonly threat: readonly ThreatMapping[];
  readonly buildingBlockType: string | undefined;
  readonly enabled: boolean;
}

export interface QueryRuleSpec extends RuleSpecBase {
  readonly type: "query";
}

export interface ThresholdSpec {
  /** 0 to 3 fields to group by; none means all matching events form one group. */
  readonly field: readonly string[];
  /** Minimum number of events in a group. */
  readonly value: number;
  /** Optional: the group also needs at least `value` distinct values of `field`. */
  readonly cardinality: readonly { readonly field: string; readonly value: number }[];
}

export interface ThresholdRuleSpec extends RuleSpecBase {
  readonly type: "threshold";
  readonly threshold: ThresholdSpec;
}

export interface NewTermsSpec {
  readonly fields: readonly string[];
  /** Date math such as `now-7d`: how far back a term must not have been seen. */
  readonly historyWindowStart: string;
}

export interface NewTermsRuleSpec extends RuleSpecBase {
  readonly type: "new_terms";
  readonly newTerms: NewTermsSpec;
}

export interface ThreatMappingEntry {
  /** Field of the source event. */
  readonly field: string;
  /** Field of the indicator document. */
  readonly value: string;
  readonly type: "mapping";
  /** Kibana's "does not match" entries: the values must differ. */
  readonly negate: boolean;
}

export interface ThreatMatchSpec {
  readonly query: string;
  readonly filters: readonly KibanaFilter[];
  readonly index: readonly string[];
  readonly indicatorPath: string;
  /** OR across groups, AND inside a group. */
  readonly mapping: readonly { readonly entries: readonly ThreatMappingEntry[] }[];
}

export interface ThreatMatchRuleSpec extends RuleSpecBase {
  readonly type: "threat_match";
  readonly threatMatch: ThreatMatchSpec;
}

export type RuleSpec = QueryRuleSpec | ThresholdRuleSpec | NewTermsRuleSpec | ThreatMatchRuleSpec;

/** Kibana's defaults for keys a rule may leave out. */
export const RULE_DEFAULTS = Object.freeze({
  from: "now-6m",
  interval: "5m",
  maxSignals: 100,
  threatIndicatorPath: "threat.indicator",
});
