// The DSL stage: KQL tree → Elasticsearch query DSL (Kibana's conversion), plus a small interpreter of
// that DSL used as a test oracle.
export { dataViewFieldsFromMap } from "./data-view.js";
export { KqlDslError, type KqlDslErrorCode, type KqlDslProblem } from "./errors.js";
export { astToElasticsearchQuery } from "./from-ast.js";
export {
  compileDsl,
  DslInterpretError,
  type DslInterpretErrorCode,
  interpretDsl,
} from "./interpret/index.js";
export { toElasticsearchQuery } from "./to-es-query.js";
export type {
  DataViewField,
  DslConfig,
  EsFieldType,
  EsQuery,
  FieldTypeMap,
  JsonValue,
  ToElasticsearchQueryOptions,
} from "./types.js";
