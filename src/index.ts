// The public API of kuery-engine, and nothing else (contract: docs/api.md). Browser-safe: no Node
// built-ins are reachable from here; file loading and the CLI live in "kuery-engine/node".

// Elasticsearch query DSL
export {
  astToElasticsearchQuery,
  compileDsl,
  type DataViewField,
  type DslConfig,
  DslInterpretError,
  type DslInterpretErrorCode,
  dataViewFieldsFromMap,
  type EsFieldType,
  type EsQuery,
  type FieldTypeMap,
  interpretDsl,
  type JsonValue,
  KqlDslError,
  type KqlDslErrorCode,
  type KqlDslProblem,
  type ToElasticsearchQueryOptions,
  toElasticsearchQuery,
} from "./dsl/index.js";
// Explain and clause coverage (the rule-aware `explain` comes with the rules below)
export {
  type BooleanExplanation,
  type CheckedValue,
  type ClauseCoverage,
  type Coverage,
  type CoverageRenderOptions,
  type CoverageReport,
  createCoverage,
  createExplainer,
  type ExplainError,
  type Explainer,
  type ExplainNode,
  type ExplainOptions,
  type Explains,
  type Explanation,
  type FieldCheck,
  type JsonScalar,
  type LeafExplanation,
  type MatchAllExplanation,
  type NestedElement,
  type NestedExplanation,
  type QueryKind,
  type RenderOptions,
  renderCoverage,
  renderExplanation,
} from "./eval/explain/index.js";
// Field types and the evaluator
export {
  builtinSchema,
  COMPILE_ERROR_CATALOG,
  type CompileLimits,
  type CompileOptions,
  compileQuery,
  createSchema,
  DATA_STREAMS,
  type DataStreamInfo,
  DEFAULT_COMPILE_LIMITS,
  ECS_VERSION,
  type EsTypesMap,
  EVENT_ERROR_CATALOG,
  FIELD_TYPES,
  type FieldDefinition,
  type FieldInfo,
  type FieldMap,
  type FieldOrigin,
  type FieldResolution,
  type FieldSpec,
  type FieldType,
  isFieldType,
  isKeywordOnly,
  KqlCompileError,
  type KqlCompileErrorCode,
  KqlEventError,
  type KqlEventErrorCode,
  type Predicate,
  Schema,
  type SchemaOptions,
} from "./eval/index.js";
// Reading NDJSON events (browser-safe; files and stdin are in "kuery-engine/node")
export {
  type EventObject,
  type EventOrigin,
  type MalformedEvent,
  MalformedEventError,
  parseEventLine,
  type ReadOptions,
  readJsonDocument,
  readNdjson,
  type SourcedEvent,
} from "./events/ndjson.js";
export {
  DEFAULT_EVENT_LIMITS,
  type EventLimits,
  type EventShapeCode,
  type EventShapeProblem,
  eventShapeProblem,
} from "./events/shape.js";
export { type EventInput, type EventStreamOptions, eventStream } from "./events/source.js";

// Lint: findings that catch the mistakes rule authors make
export {
  type CatalogEntry,
  ECS_ALLOWED_VALUES,
  type Finding,
  type FindingSummary,
  LINT_CATALOG,
  LINT_CODES,
  type LintCode,
  type LintFix,
  type LintOptions,
  lint,
  lintRule,
  type RuleLike,
  type Severity,
  summarizeFindings,
} from "./lint/index.js";
// Parsing and formatting
export * from "./parser/index.js";
// Rules: loading, filters, rule types, detection over event streams, fixtures
export * from "./rules/index.js";

// Whole rules as Elasticsearch requests (running them on a cluster is in "kuery-engine/node")
export { KibanaFilterError } from "./search/kibana-filters.js";
export {
  KIBANA_DEFAULT_INDEX,
  type RuleQueryOptions,
  type RuleSearchRequest,
  ruleQueryFilter,
  ruleToElasticsearchQuery,
  type SearchableRule,
  searchIndex,
} from "./search/rule-query.js";
