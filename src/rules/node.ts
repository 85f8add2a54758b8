// The rules layer's Node-only surface: reading rule files and fixture files from disk.
export { type RuleTestRun, runRuleTests } from "./fixtures/run-files.js";
export {
  expandRulePatterns,
  type LoadFailure,
  type LoadResult,
  type LoadRulesOptions,
  loadRules,
} from "./load-files.js";
