/**
 * One rule document (TOML or Kibana JSON) → a validated RuleSpec. The two layouts name a few keys
 * differently (detection-rules nests new-terms settings in `[rule.new_terms]`, Kibana's API has
 * `new_terms_fields` and `history_window_start` at the top); everything else is the same snake_case.
 */
import { own } from "../util/own.js";
import { parseDuration, parseLookback } from "./duration.js";
import { KeyReader } from "./read-keys.js";
import type { RuleDocument } from "./source.js";
import {
  type KibanaFilter,
  type NewTermsSpec,
  type RiskScoreMappingEntry,
  RULE_DEFAULTS,
  type RuleSpec,
  type SeverityMappingEntry,
  type ThreatMapping,
  type ThreatMappingEntry,
  type ThreatMatchSpec,
  type ThresholdSpec,
} from "./spec.js";

/** Rule types whose query is not KQL: reported as unsupported languages, never evaluated. */
const LANGUAGE_OF_TYPE: Readonly<Record<string, string>> = {
  eql: "eql",
  esql: "esql",
  machine_learning: "machine_learning",
};

const SUPPORTED_TYPES = new Set(["query", "threshold", "new_terms", "threat_match", "saved_query"]);

export function normalizeRule(doc: RuleDocument): RuleSpec {
  const read = new KeyReader(doc);
  const declaredType = read.optionalString("type") ?? "query";
  const language = read.optionalString("language") ?? own(LANGUAGE_OF_TYPE, declaredType) ?? "kuery";
  if (language !== "kuery") {
    read.fail(
      "RULE_UNSUPPORTED_LANGUAGE",
      read.has("language") ? "language" : "type",
      `unsupported: ${language}`,
    );
  }
  if (!SUPPORTED_TYPES.has(declaredType)) {
    read.fail("RULE_UNSUPPORTED_TYPE", "type", `unsupported: ${declaredType}`);
  }
  // A saved_query rule carries a copy of its saved query; without one there is nothing to run.
  if (declaredType === "saved_query" && !read.has("query")) {
    read.fail("RULE_UNSUPPORTED_TYPE", "query", "a saved_query rule without an inline copy of its query");
  }

  const base = {
    id: read.requiredString("rule_id"),
    name: read.requiredString("name"),
    description: read.optionalString("description"),
    language: "kuery" as const,
    // threat_match and new_terms rules may omit the query in Kibana (it then means "all documents").
    query:
      declaredType === "query" || declaredType === "saved_query"
        ? read.requiredString("query")
        : (read.optionalString("query") ?? ""),
    filters: readFilters(read, "filters"),
    index: read.stringList("index"),
    from: readLookback(read, "from", RULE_DEFAULTS.from),
    interval: readInterval(read),
    maxSignals: readPositiveInteger(read, "max_signals") ?? RULE_DEFAULTS.maxSignals,
    timestampOverride: read.optionalString("timestamp_override"),
    timestampOverrideFallbackDisabled: read.optionalBoolean("timestamp_override_fallback_disabled") ?? false,
    severity: read.requiredString("severity"),
    riskScore: read.requiredNumber("risk_score"),
    severityMapping: readSeverityMapping(read),
    riskScoreMapping: readRiskScoreMapping(read),
    ruleNameOverride: read.optionalString("rule_name_override"),
    tags: read.stringList("tags"),
    threat: read.objectList("threat") as unknown as ThreatMapping[],
    buildingBlockType: read.optionalString("building_block_type"),
    enabled: read.optionalBoolean("enabled") ?? true,
  };
  if (base.riskScore < 0 || base.riskScore > 100) {
    read.fail("RULE_INVALID_VALUE", "risk_score", `must be between 0 and 100, got ${base.riskScore}`);
  }

  switch (declaredType) {
    case "threshold":
      return { ...base, type: "threshold", threshold: readThreshold(read) };
    case "new_terms":
      return { ...base, type: "new_terms", newTerms: readNewTerms(read, doc) };
    case "threat_match":
      return { ...base, type: "threat_match", threatMatch: readThreatMatch(read) };
    default:
      return { ...base, type: "query" };
  }
}

function readFilters(read: KeyReader, key: string): KibanaFilter[] {
  return read.objectList(key);
}

function readLookback(read: KeyReader, key: string, fallback: string): string {
  const value = read.optionalString(key) ?? fallback;
  if (parseLookback(value) === undefined) {
    read.fail("RULE_INVALID_VALUE", key, `expected date math like "now-9m", got ${JSON.stringify(value)}`);
  }
  return value;
}

function readInterval(read: KeyReader): string {
  const value = read.optionalString("interval") ?? RULE_DEFAULTS.interval;
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0) {
    read.fail(
      "RULE_INVALID_VALUE",
      "interval",
      `expected a duration like "5m", got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function readPositiveInteger(read: KeyReader, key: string): number | undefined {
  const value = read.optionalNumber(key);
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1) {
    read.fail("RULE_INVALID_VALUE", key, `expected a positive integer, got ${value}`);
  }
  return value;
}

function readSeverityMapping(read: KeyReader): SeverityMappingEntry[] {
  return read.objectList("severity_mapping").map((table) => {
    const entry = read.element("severity_mapping", table);
    return {
      field: entry.requiredString("field"),
      operator: "equals",
      value: String(entry.raw("value") ?? ""),
      severity: entry.requiredString("severity"),
    };
  });
}

function readRiskScoreMapping(read: KeyReader): RiskScoreMappingEntry[] {
  return read.objectList("risk_score_mapping").map((table) => {
    const entry = read.element("risk_score_mapping", table);
    return {
      field: entry.requiredString("field"),
      operator: "equals",
      value: String(entry.raw("value") ?? ""),
    };
  });
}

function readThreshold(read: KeyReader): ThresholdSpec {
  const table = read.child("threshold");
  if (!table) read.fail("RULE_MISSING_KEY", "threshold", "required for a threshold rule");
  const field = table.stringList("field", { acceptSingle: true });
  if (field.length > 3) table.fail("RULE_INVALID_VALUE", "field", `at most 3 fields, got ${field.length}`);
  const value = table.requiredNumber("value");
  if (!Number.isInteger(value) || value < 1) {
    table.fail("RULE_INVALID_VALUE", "value", `expected a positive integer, got ${value}`);
  }
  const cardinality = table.objectList("cardinality").map((item) => {
    const entry = table.element("cardinality", item);
    const cardinalityValue = entry.requiredNumber("value");
    if (!Number.isInteger(cardinalityValue) || cardinalityValue < 0) {
      entry.fail("RULE_INVALID_VALUE", "value", `expected a non-negative integer, got ${cardinalityValue}`);
    }
    return { field: entry.requiredString("field"), value: cardinalityValue };
  });
  return { field, value, cardinality };
}

/** `[rule.new_terms]` in TOML (`value` + `[[history_window_start]]`), top-level keys in Kibana's JSON. */
function readNewTerms(read: KeyReader, doc: RuleDocument): NewTermsSpec {
  const table: KeyReader | undefined = read.child("new_terms");
  if (table) {
    const fields = table.stringList("value");
    if (fields.length === 0 || fields.length > 3) {
      table.fail("RULE_INVALID_VALUE", "value", `expected 1 to 3 fields, got ${fields.length}`);
    }
    const first = table.objectList("history_window_start")[0];
    if (!first) return table.fail("RULE_MISSING_KEY", "history_window_start", "required");
    const history = table.element("history_window_start", first).requiredString("value");
    if (parseLookback(history) === undefined) {
      table.fail("RULE_INVALID_VALUE", "history_window_start", `expected date math like "now-7d"`);
    }
    return { fields, historyWindowStart: history };
  }
  if (!read.has("new_terms_fields")) {
    const key = doc.format === "toml" ? "new_terms" : "new_terms_fields";
    read.fail("RULE_MISSING_KEY", key, "required for a new_terms rule");
  }
  const fields = read.stringList("new_terms_fields");
  if (fields.length === 0 || fields.length > 3) {
    read.fail("RULE_INVALID_VALUE", "new_terms_fields", `expected 1 to 3 fields, got ${fields.length}`);
  }
  if (!read.has("history_window_start")) read.fail("RULE_MISSING_KEY", "history_window_start", "required");
  return { fields, historyWindowStart: readLookback(read, "history_window_start", "") };
}

function readThreatMatch(read: KeyReader): ThreatMatchSpec {
  const threatLanguage = read.optionalString("threat_language") ?? "kuery";
  if (threatLanguage !== "kuery") {
    read.fail("RULE_UNSUPPORTED_LANGUAGE", "threat_language", `unsupported: ${threatLanguage}`);
  }
  const groups = read.objectList("threat_mapping");
  if (groups.length === 0)
    read.fail("RULE_MISSING_KEY", "threat_mapping", "required for a threat_match rule");
  const mapping = groups.map((group) => {
    const groupReader = read.element("threat_mapping", group);
    const entries = groupReader.objectList("entries").map((item): ThreatMappingEntry => {
      const entry = groupReader.element("entries", item);
      return {
        field: entry.requiredString("field"),
        value: entry.requiredString("value"),
        type: "mapping",
        negate: entry.optionalBoolean("negate") ?? false,
      };
    });
    if (entries.length === 0) groupReader.fail("RULE_MISSING_KEY", "entries", "a mapping needs entries");
    if (entries.every((entry) => entry.negate)) {
      groupReader.fail(
        "RULE_INVALID_VALUE",
        "entries",
        "a mapping needs at least one entry that is not negated",
      );
    }
    return { entries };
  });
  return {
    query: read.optionalString("threat_query") ?? "",
    filters: readFilters(read, "threat_filters"),
    index: read.stringList("threat_index"),
    indicatorPath: read.optionalString("threat_indicator_path") ?? RULE_DEFAULTS.threatIndicatorPath,
    mapping,
  };
}
