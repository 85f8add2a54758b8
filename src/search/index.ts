// Running rules on a cluster: the "kuery-engine/node" exports. Browser-safe, for the core entry too:
// rule-query.ts (with kibana-filters.ts, time-range.ts, schema-data-view.ts); the rest is Node-only.
export { ClusterError, type ClusterFlavor } from "./cluster.js";
export {
  CLUSTER_ENV,
  type ClusterAuth,
  type ConnectionOptions,
  connectionFromEnv,
} from "./connection.js";
export { KibanaFilterError } from "./kibana-filters.js";
export type { RetryOptions, Sleep } from "./retry.js";
export {
  KIBANA_DEFAULT_INDEX,
  type RuleQueryOptions,
  type RuleSearchRequest,
  ruleQueryFilter,
  ruleToElasticsearchQuery,
  type SearchableRule,
} from "./rule-query.js";
export {
  type RuleSearchFailure,
  type RuleSearchOk,
  type RuleSearchResult,
  type RuleSearchStatus,
  type RuleSearchUnsupported,
  type SearchRulesOptions,
  type SearchSummary,
  searchRules,
} from "./search-rules.js";
