/**
 * Elasticsearch mapping types the engine understands. Each decides how a document value is indexed and
 * how a KQL comparison matches it (docs/semantics.md).
 */
export const FIELD_TYPES = Object.freeze([
  "keyword",
  "constant_keyword",
  "wildcard",
  "text",
  "match_only_text",
  "ip",
  "long",
  "integer",
  "short",
  "byte",
  "unsigned_long",
  "double",
  "float",
  "half_float",
  "scaled_float",
  "date",
  "date_nanos",
  "boolean",
  "flattened",
  "nested",
  "object",
  "geo_point",
] as const);

export type FieldType = (typeof FIELD_TYPES)[number];

/** Types that hold no text: Elasticsearch rejects wildcard and query_string terms on them (spec §6.3). */
export const NON_STRING_TYPES: ReadonlySet<string> = new Set<FieldType>([
  "long",
  "integer",
  "short",
  "byte",
  "unsigned_long",
  "double",
  "float",
  "half_float",
  "scaled_float",
  "date",
  "date_nanos",
  "ip",
  "boolean",
]);

const KNOWN = new Set<string>(FIELD_TYPES);

export function isFieldType(value: unknown): value is FieldType {
  return typeof value === "string" && KNOWN.has(value);
}

/** Types whose path holds sub-fields rather than values. */
export function isContainerType(type: FieldType): type is "object" | "nested" {
  return type === "object" || type === "nested";
}
