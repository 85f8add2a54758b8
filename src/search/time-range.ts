/**
 * The time window and sort of a rule's search, as the detection engine builds them
 * (`buildTimeRangeFilter` and `buildEventsSearchQuery` in detection_engine/rule_types/utils/):
 * the rule's `timestamp_override` is the primary time field; `@timestamp` is the fallback for events
 * without it, unless the rule disables the fallback or overrides with `@timestamp` itself.
 */
import type { EsQuery } from "../dsl/types.js";

export const DEFAULT_TIMESTAMP = "@timestamp";

export interface RuleTimestamps {
  readonly primary: string;
  readonly secondary: string | undefined;
}

export function ruleTimestamps(
  timestampOverride: string | undefined,
  fallbackDisabled: boolean,
): RuleTimestamps {
  if (
    timestampOverride === undefined ||
    timestampOverride === "" ||
    timestampOverride === DEFAULT_TIMESTAMP
  ) {
    return { primary: DEFAULT_TIMESTAMP, secondary: undefined };
  }
  return { primary: timestampOverride, secondary: fallbackDisabled ? undefined : DEFAULT_TIMESTAMP };
}

/** Date math (`now-6m`) or an ISO-8601 time: Elasticsearch reads either in a `range` on a date field. */
function bounds(from: string, to: string) {
  return { lte: to, gte: from, format: "strict_date_optional_time" };
}

/**
 * Events whose primary time is in the window, or — with a fallback — events without the primary field
 * whose `@timestamp` is in it.
 */
export function timeRangeFilter(timestamps: RuleTimestamps, from: string, to: string): EsQuery {
  const { primary, secondary } = timestamps;
  if (secondary === undefined) return { range: { [primary]: bounds(from, to) } };
  return {
    bool: {
      minimum_should_match: 1,
      should: [
        { range: { [primary]: bounds(from, to) } },
        {
          bool: {
            filter: [
              { range: { [secondary]: bounds(from, to) } },
              { bool: { must_not: { exists: { field: primary } } } },
            ],
          },
        },
      ],
    },
  };
}

export type SortClause = {
  readonly [field: string]: { readonly order: "asc" | "desc"; readonly unmapped_type: "date" };
};

/** Oldest first, as the detection engine pages; `unmapped_type` keeps indices without the field searchable. */
export function timestampSort(timestamps: RuleTimestamps): SortClause[] {
  const sort: SortClause[] = [{ [timestamps.primary]: { order: "asc", unmapped_type: "date" } }];
  if (timestamps.secondary !== undefined) {
    sort.push({ [timestamps.secondary]: { order: "asc", unmapped_type: "date" } });
  }
  return sort;
}
