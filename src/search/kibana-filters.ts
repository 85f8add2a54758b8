/**
 * A rule's Kibana filters as the query DSL the detection engine sends (`buildQueryFromFilters` in
 * kbn-es-query): disabled filters are dropped, negated ones go to `must_not`, the rest to `filter`, and
 * each filter's own DSL is sent unchanged. The cluster runs the filter as written, so no translation
 * into KQL happens here (the offline engine's translation lives in rules/filters/).
 */
import type { EsQuery, JsonValue } from "../dsl/types.js";
import type { KibanaFilter } from "../rules/spec.js";

/** Thrown for a filter object Kibana could not send either (no query in it, or a combined filter). */
export class KibanaFilterError extends Error {
  override readonly name = "KibanaFilterError";
  constructor(
    readonly position: number,
    detail: string,
  ) {
    super(`filter ${position + 1}: ${detail}`);
  }
}

export interface FilterClauses {
  readonly filter: EsQuery[];
  readonly mustNot: EsQuery[];
}

const NON_QUERY_KEYS = new Set(["meta", "$state", "query"]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function filtersToClauses(filters: readonly KibanaFilter[]): FilterClauses {
  const filter: EsQuery[] = [];
  const mustNot: EsQuery[] = [];
  filters.forEach((item, position) => {
    if (!isObject(item)) return;
    const meta = isObject(item.meta) ? item.meta : {};
    if (meta.disabled === true) return;
    if (meta.type === "combined") {
      // Kibana builds these from meta.params; the rules layer cannot load them either.
      throw new KibanaFilterError(position, "combined filters are not supported");
    }
    const query = migrate(filterQuery(item, position));
    (meta.negate === true ? mustNot : filter).push(query);
  });
  return { filter, mustNot };
}

/** `filter.query`, or (older exports) the filter's own DSL keys beside `meta`. */
function filterQuery(item: Record<string, unknown>, position: number): EsQuery {
  if (isObject(item.query)) return item.query as EsQuery;
  const rest = Object.fromEntries(Object.entries(item).filter(([key]) => !NON_QUERY_KEYS.has(key)));
  if (Object.keys(rest).length === 0) throw new KibanaFilterError(position, "the filter has no query");
  return rest as EsQuery;
}

/**
 * Kibana's `migrateFilter`: the pre-5.0 `{match: {f: {query, type: "phrase"}}}` becomes `match_phrase`
 * (Elasticsearch no longer accepts `type` in `match`).
 */
function migrate(query: EsQuery): EsQuery {
  const match = query.match;
  if (!isObject(match)) return query;
  const [field, ...others] = Object.keys(match);
  const params = field === undefined ? undefined : match[field];
  if (others.length > 0 || !isObject(params) || params.type !== "phrase") return query;
  const { type: _type, ...rest } = params;
  return { match_phrase: { [field as string]: rest as JsonValue } };
}
