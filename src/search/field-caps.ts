/**
 * The detection engine's data view, asked from the cluster itself (`get_query_filter_load_fields.ts`):
 * the field-capabilities API for just the names the query uses — field-name patterns included, so the
 * cluster expands them over the mapping of every matching index — turned into a field → types map.
 */
import { queryFieldNames } from "../dsl/query-fields.js";
import type { FieldTypeMap } from "../dsl/types.js";
import type { KqlNode } from "../parser/ast.js";
import type { FieldCaps } from "./cluster.js";

/** The `fields` parameter of the request: exact names and patterns (`process.*`). */
export function fieldCapsNames(query: KqlNode): string[] {
  const { names, patterns } = queryFieldNames(query);
  return [...names, ...patterns.map((parts) => parts.join("*"))];
}

/**
 * name → its types across the indices. `unmapped` (absent from some indices) is not a type; a field
 * mapped differently in two indices keeps both, so it is not keyword-only, as in Kibana.
 */
export function fieldMapFromCaps(caps: FieldCaps): FieldTypeMap {
  const map: Record<string, string[]> = {};
  for (const [name, byType] of Object.entries(caps)) {
    const types = Object.keys(byType).filter((type) => type !== "unmapped");
    if (types.length > 0) map[name] = types;
  }
  return map;
}
