import type { RangeOperator } from "../parser/ast.js";
import type { ResolvedField } from "./data-view.js";
import type { DslConfig, EsQuery, JsonValue } from "./types.js";

/**
 * The query Kibana builds for one field of one comparison (spec 4.1; `is.ts` / `range.ts`). A field the
 * data view lacks arrives here as an untyped entry (no types, not keyword-only), which yields the
 * untyped table of spec 4.2 from the same rules.
 */

/** The value side of `field: value` after classification. */
export type IsValue =
  | { readonly kind: "exists" }
  | { readonly kind: "pattern"; readonly query: string }
  | { readonly kind: "value"; readonly value: string | boolean | null; readonly quoted: boolean };

/** A field the data view does not contain: sent as written, with no type information. */
export function untypedField(name: string): ResolvedField {
  return { name, kbnType: "", keywordOnly: false, nestedPath: undefined };
}

/** `field: value` for one field — the rows of the spec 4.1 table, checked in that order. */
export function isQueryForField(field: ResolvedField, value: IsValue, config: DslConfig): EsQuery {
  const name = field.name;
  if (value.kind === "exists") return { exists: { field: name } };
  if (value.kind === "pattern") {
    return field.keywordOnly
      ? { wildcard: { [name]: { value: value.query, ...caseInsensitive(config) } } }
      : { query_string: { fields: [name], query: value.query } };
  }
  // match/match_phrase take no time_zone, so Kibana turns a date equality into a two-sided range.
  if (field.kbnType === "date") {
    return { range: { [name]: { gte: value.value, lte: value.value, ...timeZone(config, value.value) } } };
  }
  if (field.keywordOnly) return { term: { [name]: { value: value.value, ...caseInsensitive(config) } } };
  return { [value.quoted ? "match_phrase" : "match"]: { [name]: value.value } };
}

/** `field <op> value` for one field. */
export function rangeQueryForField(
  field: ResolvedField,
  op: RangeOperator,
  value: string | boolean | null,
  config: DslConfig,
): EsQuery {
  const bounds: { [key: string]: JsonValue } = { [op]: value };
  if (field.kbnType === "date") Object.assign(bounds, timeZone(config, value));
  return { range: { [field.name]: bounds } };
}

/** Every comparison that names a field is wrapped like this, even for a single field. */
export function anyOf(queries: EsQuery[]): EsQuery {
  return { bool: { should: queries, minimum_should_match: 1 } };
}

/** Kibana adds the flag whenever the option is a boolean, `false` included. */
function caseInsensitive(config: DslConfig): { case_insensitive?: boolean } {
  return typeof config.caseInsensitive === "boolean" ? { case_insensitive: config.caseInsensitive } : {};
}

/** All-digit values are epoch milliseconds, absolute instants that a time zone must not shift. */
function timeZone(config: DslConfig, value: string | boolean | null): { time_zone?: string } {
  const isEpoch = typeof value === "string" && /^\d+$/.test(value);
  if (!config.dateFormatTZ || isEpoch) return {};
  return { time_zone: resolveTimeZone(config.dateFormatTZ) };
}

/** Kibana's `getTimeZoneFromSettings`: the advanced setting `Browser` means the local zone. */
function resolveTimeZone(dateFormatTZ: string): string {
  return dateFormatTZ === "Browser" ? Intl.DateTimeFormat().resolvedOptions().timeZone : dateFormatTZ;
}
