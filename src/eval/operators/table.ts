import type { FieldType } from "../../schema/field-types.js";
import { booleanOperators } from "./boolean.js";
import { dateOperators } from "./date.js";
import { geoOperators } from "./geo.js";
import { ipOperators } from "./ip.js";
import { keywordOperators } from "./keyword.js";
import { numericOperators } from "./numeric.js";
import { textOperators } from "./text.js";
import type { TypeOperators } from "./types.js";

/** Field type → how it answers each query kind. `object`/`nested` are paths, never compared as values. */
export const OPERATORS: Readonly<Record<Exclude<FieldType, "object" | "nested">, TypeOperators>> =
  Object.freeze({
    keyword: keywordOperators,
    constant_keyword: keywordOperators,
    wildcard: keywordOperators,
    flattened: keywordOperators,
    text: textOperators,
    match_only_text: textOperators,
    long: numericOperators,
    integer: numericOperators,
    short: numericOperators,
    byte: numericOperators,
    unsigned_long: numericOperators,
    double: numericOperators,
    float: numericOperators,
    half_float: numericOperators,
    scaled_float: numericOperators,
    date: dateOperators,
    date_nanos: dateOperators,
    boolean: booleanOperators,
    ip: ipOperators,
    geo_point: geoOperators,
  });

/** Types whose values are strings a wildcard can apply to (free-text wildcards search only these). */
export function isStringType(type: FieldType): boolean {
  return (
    OPERATORS[type as keyof typeof OPERATORS] === keywordOperators ||
    OPERATORS[type as keyof typeof OPERATORS] === textOperators
  );
}
