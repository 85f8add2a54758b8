/**
 * The data view the detection engine would load, built from a schema instead of the cluster's
 * field-capabilities API: the fields the query names (patterns expanded over the schema), each with
 * its types and nested path. Used when the caller gives no field list: the built-in ECS + integration
 * schema then stands in for the rule's indices.
 */
import { queryFieldNames } from "../dsl/query-fields.js";
import type { DataViewField } from "../dsl/types.js";
import type { KqlNode } from "../parser/ast.js";
import { builtinSchema, type Schema } from "../schema/schema.js";

export function dataViewFromSchema(query: KqlNode, schema: Schema = builtinSchema()): DataViewField[] {
  const { names, patterns } = queryFieldNames(query);
  const candidates = new Set(names);
  for (const parts of patterns) for (const name of schema.expand(parts)) candidates.add(name);
  const fields: DataViewField[] = [];
  for (const name of candidates) {
    const resolved = schema.resolve(name);
    // Object and nested paths are not data-view fields; keys of flattened fields are not listed by
    // Kibana either (their conversion stays untyped); unmapped names are simply absent.
    if (resolved.kind !== "field" || !resolved.field.inDataView) continue;
    const { esTypes, nestedPath } = resolved.field;
    fields.push(
      nestedPath === undefined
        ? { name, esTypes: [...esTypes] }
        : { name, esTypes: [...esTypes], nestedPath },
    );
  }
  // Kibana's field list is sorted by name; the order decides how pattern expansions are listed.
  return fields.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
