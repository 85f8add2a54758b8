import type { KqlNode } from "../parser/ast.js";
import { convert } from "./convert.js";
import { toDataView } from "./data-view.js";
import { restrictToQueryFields } from "./query-fields.js";
import type { EsQuery, ToElasticsearchQueryOptions } from "./types.js";

/**
 * Converts a parsed query to the Elasticsearch DSL Kibana builds: untyped without `fields`, typed with
 * them. Throws `KqlDslError` where Kibana refuses to build the query (nested checks).
 */
export function astToElasticsearchQuery(ast: KqlNode, options: ToElasticsearchQueryOptions = {}): EsQuery {
  const { fields, esTypes, restrictToQueryFields: restrict, ...config } = options;
  let dataView = fields === undefined ? undefined : toDataView(fields, esTypes);
  if (dataView && restrict) dataView = restrictToQueryFields(dataView, ast);
  return convert(ast, { dataView, config, nestedPath: undefined });
}
