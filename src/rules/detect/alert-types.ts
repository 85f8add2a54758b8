/**
 * Alerts, shaped like the documents Kibana's detection engine writes to `.alerts-security.alerts-*`:
 * flat `kibana.alert.*` keys that a SIEM already understands. The event an alert is about is kept whole
 * under `source` (not merged into the alert) so event fields never collide with alert fields; see
 * docs/alerts.md. `kibana.alert.rule.type` tells the four kinds apart.
 */
import type { RuleType, ThreatMapping } from "../spec.js";

export interface AlertAncestor {
  readonly id: string;
  readonly index: string;
  readonly type: "event";
  readonly depth: 0;
}

interface AlertCommon {
  /** When the alert was created: the execution time (windowed runs) or the event's time (stream runs). */
  readonly "@timestamp": string;
  readonly "event.kind": "signal";
  readonly "kibana.alert.uuid": string;
  readonly "kibana.alert.status": "active";
  readonly "kibana.alert.workflow_status": "open";
  readonly "kibana.alert.depth": 1;
  readonly "kibana.alert.reason": string;
  /** Severity after `severity_mapping`. */
  readonly "kibana.alert.severity": string;
  /** Risk score after `risk_score_mapping`. */
  readonly "kibana.alert.risk_score": number;
  readonly "kibana.alert.rule.rule_id": string;
  /** Kibana's saved-object id; offline, the rule_id. */
  readonly "kibana.alert.rule.uuid": string;
  /** The rule name (after `rule_name_override`). */
  readonly "kibana.alert.rule.name": string;
  readonly "kibana.alert.rule.description"?: string;
  readonly "kibana.alert.rule.rule_type_id": string;
  readonly "kibana.alert.rule.severity": string;
  readonly "kibana.alert.rule.risk_score": number;
  readonly "kibana.alert.rule.tags": readonly string[];
  readonly "kibana.alert.rule.threat": readonly ThreatMapping[];
  readonly "kibana.alert.rule.from": string;
  readonly "kibana.alert.rule.interval": string;
  readonly "kibana.alert.rule.max_signals": number;
  readonly "kibana.alert.rule.index"?: readonly string[];
  readonly "kibana.alert.building_block_type"?: string;
  /** The event's own time (the rule's timestamp field), when known. */
  readonly "kibana.alert.original_time"?: string;
  readonly "kibana.alert.ancestors": readonly AlertAncestor[];
  /** Where this library took the rule from (not a Kibana field). */
  readonly "kuery.rule.file"?: string;
}

export interface QueryAlert extends AlertCommon {
  readonly "kibana.alert.rule.type": "query";
  readonly source: object;
}

export interface ThresholdResult {
  readonly terms: readonly { readonly field: string; readonly value: string }[];
  readonly cardinality?: readonly { readonly field: string; readonly value: number }[];
  readonly count: number;
  /** Start of the events counted: the window start, or just after the group's previous alert. */
  readonly from: string;
}

export interface ThresholdAlert extends AlertCommon {
  readonly "kibana.alert.rule.type": "threshold";
  readonly "kibana.alert.threshold_result": ThresholdResult;
  /** The group's field values as dotted keys (`{"host.name": "web-1"}`), as Kibana copies them. */
  readonly source: Readonly<Record<string, string>>;
}

export interface NewTermsAlert extends AlertCommon {
  readonly "kibana.alert.rule.type": "new_terms";
  /** The new combination, one value per `new_terms` field. */
  readonly "kibana.alert.new_terms": readonly string[];
  readonly source: object;
}

export interface ThreatEnrichment {
  readonly indicator: unknown;
  readonly matched: {
    readonly atomic: string;
    readonly field: string;
    readonly id: string | undefined;
    readonly index: string | undefined;
    readonly type: "indicator_match_rule";
  };
}

export interface ThreatMatchAlert extends AlertCommon {
  readonly "kibana.alert.rule.type": "threat_match";
  readonly "threat.enrichments": readonly ThreatEnrichment[];
  readonly source: object;
}

export type Alert = QueryAlert | ThresholdAlert | NewTermsAlert | ThreatMatchAlert;

export const RULE_TYPE_IDS: Readonly<Record<RuleType, string>> = {
  query: "siem.queryRule",
  threshold: "siem.thresholdRule",
  new_terms: "siem.newTermsRule",
  threat_match: "siem.indicatorRule",
};
