// The rules layer's browser-safe surface (no Node built-ins): compile rules, run them over events.

export { type CompileRuleOptions, compileRule, compileRuleText } from "./compile-rule.js";
export type {
  CompiledRule,
  CompiledThreatQuery,
  EventContext,
  RuleExplanation,
  RuleWarning,
} from "./compiled-rule.js";
export { type DataStreamTable, indexConstants, parseDataStreamName, withConstants } from "./data-streams.js";
export type {
  Alert,
  NewTermsAlert,
  QueryAlert,
  ThreatEnrichment,
  ThreatMatchAlert,
  ThresholdAlert,
  ThresholdResult,
} from "./detect/alert-types.js";
export { type DetectOptions, detect, type EventFailure, type EventSource } from "./detect/detect.js";
export type { SkippedEvent, SkipReason } from "./detect/stream-item.js";
export type { EventPredicate, QueryCompileOptions, QueryEngine } from "./engine.js";
export { isRuleLoadError, RULE_ERROR_CATALOG, type RuleErrorCode, RuleLoadError } from "./errors.js";
export { explain, renderRuleExplanation } from "./explain.js";
export type { ClauseTrace, FilterTrace } from "./filters/compile.js";
export { type FixtureCase, FixtureError, parseFixture, type RuleFixture } from "./fixtures/format.js";
export {
  type CaseResult,
  formatExplanation,
  formatRuleTestResult,
  type RuleTestResult,
  runRuleFixture,
} from "./fixtures/run.js";
export { compileIndexPatterns } from "./index-patterns.js";
export type { LoadFailure, LoadResult, LoadRulesOptions } from "./load-files.js";
export { loadRules } from "./load-lazy.js";
export { compileRules, type RuleSet, type RuleSetOptions } from "./rule-set.js";
export type { RuleSpec, RuleType, ThreatMapping } from "./spec.js";
