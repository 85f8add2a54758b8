import type { KqlNode } from "../parser/ast.js";
import { parse } from "../parser/index.js";
import { astToElasticsearchQuery } from "./from-ast.js";
import type { EsQuery, ToElasticsearchQueryOptions } from "./types.js";

/**
 * KQL text or a parsed tree → the Elasticsearch query DSL Kibana would build for it (spec 4). Without
 * `options.fields` the result is Kibana's untyped DSL; with a data view it is the typed DSL the
 * detection engine sends. Throws `KqlSyntaxError` for bad text and `KqlDslError` where Kibana refuses.
 */
export function toElasticsearchQuery(
  queryOrAst: string | KqlNode,
  options?: ToElasticsearchQueryOptions,
): EsQuery {
  const ast = typeof queryOrAst === "string" ? parse(queryOrAst) : queryOrAst;
  return astToElasticsearchQuery(ast, options);
}
