/**
 * Shapes shared by the DSL conversion: the Elasticsearch query it emits, the data-view field list that
 * makes it typed, and the options.
 */
import type { FieldType } from "../schema/field-types.js";

/** Any JSON value, as it appears inside an Elasticsearch query. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One Elasticsearch query clause (`{ bool: … }`, `{ term: … }`, …): a JSON object. */
export type EsQuery = { [key: string]: JsonValue };

/**
 * Elasticsearch mapping types the conversion cares about. Any other type name is accepted too; it is
 * simply not keyword-only and not a date.
 */
export type EsFieldType = FieldType | (string & {});

/**
 * One entry of a Kibana data view, reduced to what the KQL conversion reads. `esTypes` are the distinct
 * Elasticsearch types of the field across the rule's indices; `type` is Kibana's field type (`string`,
 * `number`, `date`, …; only `date` changes the DSL) and is derived from `esTypes` when absent.
 * `nestedPath` is the nearest `nested` ancestor; Kibana's own `subType: {nested: {path}}` is accepted too.
 */
export interface DataViewField {
  readonly name: string;
  readonly type?: string;
  readonly esTypes?: readonly string[];
  readonly nestedPath?: string;
  readonly subType?: { readonly nested?: { readonly path: string } };
}

/** A mapping written as a map: full dotted field name → its type, or its types across several indices. */
export type FieldTypeMap = Readonly<Record<string, EsFieldType | readonly EsFieldType[]>>;

/** Kibana's conversion settings (`KueryQueryOptions` plus the data-view advanced setting `dateFormat:tz`). */
export interface DslConfig {
  /** Adds `time_zone` to date ranges and date equalities (not to all-digit epoch values). `"Browser"` = the local zone. */
  readonly dateFormatTZ?: string;
  /** When set (true or false), `case_insensitive` is added to `term` and `wildcard` queries on keyword-only fields. */
  readonly caseInsensitive?: boolean;
  /** When set (true or false), `ignore_unmapped` is added to every generated `nested` query. */
  readonly nestedIgnoreUnmapped?: boolean;
  /** `and` goes to `bool.must` instead of `bool.filter` (scoring contexts). */
  readonly filtersInMustClause?: boolean;
}

export interface ToElasticsearchQueryOptions extends DslConfig {
  /**
   * The data view. Without it the conversion is untyped (spec 4.2). A list is used as given (field order
   * decides the order of pattern expansions); a map is converted by {@link dataViewFromMap}.
   */
  readonly fields?: readonly DataViewField[] | FieldTypeMap;
  /** With a map in `fields`: a field's types across the rule's indices, when they differ from the map. */
  readonly esTypes?: Readonly<Record<string, readonly EsFieldType[]>>;
  /**
   * Limit the data view to the names the query uses outside nested groups, as the detection engine does
   * since Kibana 8.15 (spec 1, 6.9): names used only inside a nested group are then converted untyped.
   */
  readonly restrictToQueryFields?: boolean;
}
