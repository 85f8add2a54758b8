// Lint: findings that catch the mistakes rule authors make in KQL (docs/lint.md).
export { type CatalogEntry, LINT_CATALOG, LINT_CODES, type LintCode } from "./catalog.js";
export { ECS_ALLOWED_VALUES } from "./ecs-values.js";
export { type FindingSummary, lint, lintRule, type RuleLike, summarizeFindings } from "./lint.js";
export type { Finding, LintFix, LintOptions, Severity } from "./types.js";
