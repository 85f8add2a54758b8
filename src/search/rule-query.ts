/**
 * ruleToElasticsearchQuery: the search the detection engine sends for a KQL rule, as one request body.
 * The query part is Kibana's `getQueryFilter` → `buildEsQuery` (typed KQL over a data view limited to
 * the query's names, `dateFormatTZ: "Zulu"`, the rule's filters beside it); the search part is
 * `buildEventsSearchQuery` (the query AND the time window, sorted by the rule's timestamp fields).
 * Browser-safe: no Node built-ins.
 */
import { astToElasticsearchQuery } from "../dsl/from-ast.js";
import type { DataViewField, EsFieldType, EsQuery, FieldTypeMap } from "../dsl/types.js";
import type { KqlNode } from "../parser/ast.js";
import type { KibanaFilter } from "../rules/spec.js";
import type { Schema } from "../schema/schema.js";
import { filtersToClauses } from "./kibana-filters.js";
import { dataViewFromSchema } from "./schema-data-view.js";
import { ruleTimestamps, type SortClause, timeRangeFilter, timestampSort } from "./time-range.js";

/** What the search needs of a rule; a `CompiledRule` from `compileRule`/`loadRules` has all of it. */
export interface SearchableRule {
  readonly id: string;
  readonly ast: KqlNode;
  readonly index: readonly string[];
  /** Date math such as `now-6m`. */
  readonly from: string;
  readonly timestampOverride: string | undefined;
  readonly spec: {
    readonly filters: readonly KibanaFilter[];
    readonly timestampOverrideFallbackDisabled: boolean;
  };
}

/**
 * Kibana's `securitySolution:defaultIndex`, used by rules that name no index patterns (rules tied to a
 * data view, or exported without `index`).
 */
export const KIBANA_DEFAULT_INDEX: readonly string[] = Object.freeze([
  "apm-*-transaction*",
  "auditbeat-*",
  "endgame-*",
  "filebeat-*",
  "logs-*",
  "packetbeat-*",
  "traces-apm*",
  "winlogbeat-*",
  "-*elastic-cloud-logs-*",
]);

export interface RuleQueryOptions {
  /**
   * The data view of the rule's indices (a field → type map, or a data-view field list); it is limited
   * to the names the query uses, as the detection engine does. Default: the built-in ECS + integration
   * schema (or `schema`).
   */
  readonly fields?: readonly DataViewField[] | FieldTypeMap;
  /** With a map in `fields`: a field's types across indices, when they differ. */
  readonly esTypes?: Readonly<Record<string, readonly EsFieldType[]>>;
  /** The schema standing in for the mapping when `fields` is not given (default: the built-in one). */
  readonly schema?: Schema;
  /** Index patterns searched instead of the rule's own. */
  readonly index?: readonly string[];
  /** Start of the window: date math or an ISO-8601 time. Default: the rule's `from` (e.g. `now-6m`). */
  readonly from?: string;
  /** End of the window. Default `now`. */
  readonly to?: string;
  /** Hits per page. Default 100 (the detection engine's page size). */
  readonly size?: number;
}

/** A search request for either official client (Elasticsearch 8/9 flat style). */
export interface RuleSearchRequest {
  readonly index: string[];
  readonly allow_no_indices: true;
  readonly ignore_unavailable: true;
  readonly size: number;
  readonly query: EsQuery;
  readonly sort: SortClause[];
  readonly track_total_hits: false;
}

export const DEFAULT_PAGE_SIZE = 100;

/**
 * The rule's query and filters alone (`getQueryFilter`): `{bool: {must, filter, should, must_not}}` with
 * Kibana's empty lists kept, so it compares equal to what Kibana builds. Throws `KqlDslError` where
 * Kibana refuses the query, `KibanaFilterError` for a filter it could not send.
 */
export function ruleQueryFilter(rule: SearchableRule, options: RuleQueryOptions = {}): EsQuery {
  const fields = options.fields ?? dataViewFromSchema(rule.ast, options.schema);
  const kuery = astToElasticsearchQuery(rule.ast, {
    fields,
    ...(options.esTypes === undefined ? {} : { esTypes: options.esTypes }),
    restrictToQueryFields: true,
    dateFormatTZ: "Zulu",
  });
  const { filter, mustNot } = filtersToClauses(rule.spec.filters);
  return { bool: { must: [], filter: [kuery, ...filter], should: [], must_not: mustNot } };
}

/** The index patterns a rule searches: the override, else the rule's own, else Kibana's default. */
export function searchIndex(rule: SearchableRule, override?: readonly string[]): string[] {
  return [...(override ?? (rule.index.length > 0 ? rule.index : KIBANA_DEFAULT_INDEX))];
}

/** The whole search: index patterns, the query AND the time window, the detection engine's sort. */
export function ruleToElasticsearchQuery(
  rule: SearchableRule,
  options: RuleQueryOptions = {},
): RuleSearchRequest {
  const timestamps = ruleTimestamps(rule.timestampOverride, rule.spec.timestampOverrideFallbackDisabled);
  const range = timeRangeFilter(timestamps, options.from ?? rule.from, options.to ?? "now");
  return {
    index: searchIndex(rule, options.index),
    allow_no_indices: true,
    ignore_unavailable: true,
    size: options.size ?? DEFAULT_PAGE_SIZE,
    query: { bool: { filter: [ruleQueryFilter(rule, options), range] } },
    sort: timestampSort(timestamps),
    track_total_hits: false,
  };
}
