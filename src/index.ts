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
// Parsing and formatting
export * from "./parser/index.js";
