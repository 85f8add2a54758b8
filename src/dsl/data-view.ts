import { own } from "../util/own.js";
import type { DataViewField, EsFieldType, FieldTypeMap } from "./types.js";

/** A data-view entry with everything the conversion asks about already decided. */
export interface ResolvedField {
  readonly name: string;
  /** Kibana's field type; the conversion only asks whether it is `date`. */
  readonly kbnType: string;
  /** Kibana's keyword-only test: `esTypes` is exactly `["keyword"]`. */
  readonly keywordOnly: boolean;
  readonly nestedPath: string | undefined;
}

/** The data view as the conversion reads it: fields in order, plus an index by exact name. */
export interface FieldIndex {
  readonly fields: readonly ResolvedField[];
  readonly byName: ReadonlyMap<string, ResolvedField>;
}

/** Elasticsearch type → Kibana field type (kbn-field-types), for entries given without `type`. */
const KBN_TYPE_OF: Readonly<Record<string, string>> = {
  keyword: "string",
  constant_keyword: "string",
  wildcard: "string",
  text: "string",
  match_only_text: "string",
  version: "string",
  long: "number",
  integer: "number",
  short: "number",
  byte: "number",
  unsigned_long: "number",
  double: "number",
  float: "number",
  half_float: "number",
  scaled_float: "number",
  token_count: "number",
  date: "date",
  date_nanos: "date",
  boolean: "boolean",
  ip: "ip",
  nested: "nested",
  object: "object",
};

/** Kibana's type for a field with these Elasticsearch types: one shared type, or `conflict`. */
export function kbnTypeOf(esTypes: readonly string[]): string {
  const kinds = new Set(esTypes.map((esType) => own(KBN_TYPE_OF, esType) ?? "unknown"));
  if (kinds.size === 1) return [...kinds][0] ?? "unknown";
  return kinds.size === 0 ? "unknown" : "conflict";
}

function resolveField(field: DataViewField): ResolvedField {
  const esTypes = field.esTypes;
  return {
    name: field.name,
    kbnType: field.type ?? (esTypes ? kbnTypeOf(esTypes) : "unknown"),
    keywordOnly: esTypes !== undefined && esTypes.length === 1 && esTypes[0] === "keyword",
    nestedPath: field.nestedPath ?? field.subType?.nested?.path,
  };
}

export function dataViewFromFields(fields: readonly DataViewField[]): FieldIndex {
  return indexFields(fields.map(resolveField));
}

/** A data view over already resolved entries, in the given order. */
export function indexFields(fields: readonly ResolvedField[]): FieldIndex {
  const byName = new Map<string, ResolvedField>();
  // Kibana's exact lookup is `fields.find`, so the first entry of a repeated name wins.
  for (const field of fields) if (!byName.has(field.name)) byName.set(field.name, field);
  return { fields, byName };
}

function typeList(types: EsFieldType | readonly EsFieldType[]): readonly string[] {
  return typeof types === "string" ? [types] : [...new Set(types)];
}

/**
 * A mapping map (`{"gcp.deltas": "nested", "gcp.deltas.action": "keyword"}`) as the data view the
 * field-capabilities API would give: `nested` and `object` entries are paths, not fields; every other
 * entry becomes a field whose `nestedPath` is its nearest `nested` ancestor. `esTypes` overrides the types
 * of a field mapped differently across indices.
 */
export function dataViewFieldsFromMap(
  map: FieldTypeMap,
  esTypes: Readonly<Record<string, readonly EsFieldType[]>> = {},
): DataViewField[] {
  const entries = Object.entries(map).map(
    ([name, types]) => [name, typeList(own(esTypes, name) ?? types)] as const,
  );
  const isPath = (types: readonly string[]) => types.every((type) => type === "nested" || type === "object");
  const nestedPaths = entries
    .filter(([, types]) => types.includes("nested"))
    .map(([name]) => name)
    // Longest first, so the nearest nested ancestor is found first.
    .sort((a, b) => b.length - a.length);
  return entries
    .filter(([, types]) => !isPath(types))
    .map(([name, types]) => {
      const nestedPath = nestedPaths.find((path) => name.startsWith(`${path}.`));
      return nestedPath === undefined ? { name, esTypes: types } : { name, esTypes: types, nestedPath };
    });
}

/** Either accepted form of `fields` as a data view. */
export function toDataView(
  fields: readonly DataViewField[] | FieldTypeMap,
  esTypes?: Readonly<Record<string, readonly EsFieldType[]>>,
): FieldIndex {
  return dataViewFromFields(isFieldList(fields) ? fields : dataViewFieldsFromMap(fields, esTypes));
}

function isFieldList(fields: readonly DataViewField[] | FieldTypeMap): fields is readonly DataViewField[] {
  return Array.isArray(fields);
}
