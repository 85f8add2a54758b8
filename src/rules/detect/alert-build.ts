/** Builds the parts every alert shares: rule identity, severity / risk-score / name overrides, reason. */
import type { CompiledRule } from "../compiled-rule.js";
import { fieldValues, keywordValues } from "../field-values.js";
import type { AlertAncestor } from "./alert-types.js";
import { RULE_TYPE_IDS } from "./alert-types.js";
import { stableId } from "./hash.js";
import { isoTime } from "./timestamps.js";

const SEVERITY_ORDER = ["low", "medium", "high", "critical"];

/** Kibana applies the highest severity among the mappings that match the event. */
export function mappedSeverity(rule: CompiledRule, event: object | undefined): string {
  if (!event) return rule.severity;
  const matched = rule.spec.severityMapping
    .filter((mapping) => keywordValues(event, mapping.field).includes(mapping.value))
    .map((mapping) => mapping.severity);
  if (matched.length === 0) return rule.severity;
  return matched.reduce((best, next) =>
    SEVERITY_ORDER.indexOf(next) > SEVERITY_ORDER.indexOf(best) ? next : best,
  );
}

/** The first numeric value of the mapped field between 0 and 100, else the rule's risk score. */
export function mappedRiskScore(rule: CompiledRule, event: object | undefined): number {
  if (!event) return rule.riskScore;
  for (const mapping of rule.spec.riskScoreMapping) {
    for (const value of fieldValues(event, mapping.field)) {
      const score = typeof value === "number" ? value : Number(value);
      if (Number.isFinite(score) && score >= 0 && score <= 100) return score;
    }
  }
  return rule.riskScore;
}

export function mappedRuleName(rule: CompiledRule, event: object | undefined): string {
  const field = rule.spec.ruleNameOverride;
  if (!field || !event) return rule.name;
  return keywordValues(event, field)[0] ?? rule.name;
}

/** "event by user alice on host web-1 created high alert AWS IAM …." — the gist of Kibana's reasons. */
export function eventReason(kind: string, event: object | undefined, severity: string, name: string): string {
  const parts: string[] = [kind];
  if (event) {
    const user = keywordValues(event, "user.name")[0];
    const host = keywordValues(event, "host.name")[0];
    const source = keywordValues(event, "source.ip")[0];
    if (user) parts.push(`by ${user}`);
    if (host) parts.push(`on ${host}`);
    if (source) parts.push(`from ${source}`);
  }
  return `${parts.join(" ")} created ${severity} alert ${name}.`;
}

export interface CommonAlertInput {
  readonly rule: CompiledRule;
  /** The event driving severity / risk / name mappings (undefined for threshold groups). */
  readonly event: object | undefined;
  readonly createdAt: number;
  readonly originalTime: number | undefined;
  readonly reasonKind: string;
  readonly idParts: readonly string[];
  readonly ancestors: readonly AlertAncestor[];
}

export function commonAlertFields(input: CommonAlertInput) {
  const { rule, event } = input;
  const severity = mappedSeverity(rule, event);
  const name = mappedRuleName(rule, event);
  return {
    "@timestamp": isoTime(input.createdAt),
    "event.kind": "signal" as const,
    "kibana.alert.uuid": stableId(rule.id, ...input.idParts),
    "kibana.alert.status": "active" as const,
    "kibana.alert.workflow_status": "open" as const,
    "kibana.alert.depth": 1 as const,
    "kibana.alert.reason": eventReason(input.reasonKind, event, severity, name),
    "kibana.alert.severity": severity,
    "kibana.alert.risk_score": mappedRiskScore(rule, event),
    "kibana.alert.rule.rule_id": rule.id,
    "kibana.alert.rule.uuid": rule.id,
    "kibana.alert.rule.name": name,
    ...(rule.description === undefined ? {} : { "kibana.alert.rule.description": rule.description }),
    "kibana.alert.rule.rule_type_id": RULE_TYPE_IDS[rule.type],
    "kibana.alert.rule.severity": rule.severity,
    "kibana.alert.rule.risk_score": rule.riskScore,
    "kibana.alert.rule.tags": rule.tags,
    "kibana.alert.rule.threat": rule.threat,
    "kibana.alert.rule.from": rule.from,
    "kibana.alert.rule.interval": rule.interval,
    "kibana.alert.rule.max_signals": rule.maxSignals,
    ...(rule.index.length > 0 ? { "kibana.alert.rule.index": rule.index } : {}),
    ...(rule.spec.buildingBlockType
      ? { "kibana.alert.building_block_type": rule.spec.buildingBlockType }
      : {}),
    ...(input.originalTime === undefined
      ? {}
      : { "kibana.alert.original_time": isoTime(input.originalTime) }),
    "kibana.alert.ancestors": input.ancestors,
    ...(rule.file === undefined ? {} : { "kuery.rule.file": rule.file }),
  };
}
