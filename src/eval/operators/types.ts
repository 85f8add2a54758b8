import type { RangeOperator } from "../../parser/ast.js";
import type { FieldInfo } from "../../schema/field-info.js";
import type { Instant } from "../dates.js";
import type { Scalar } from "../resolve.js";

/** A test of one document value (already taken from the event, arrays flattened). */
export type ValueTest = (value: Scalar) => boolean;

/** What one query on one field compiles to. */
export type Compiled =
  | { readonly kind: "test"; readonly test: ValueTest }
  /** Valid, but no value can match (e.g. `200.5` on an integer field, a query with no tokens). */
  | { readonly kind: "never" }
  /** Elasticsearch rejects the query: the whole search fails (spec §6.3). */
  | { readonly kind: "reject"; readonly reason: string };

export const NEVER: Compiled = Object.freeze({ kind: "never" });

export function test(fn: ValueTest): Compiled {
  return { kind: "test", test: fn };
}

export function reject(reason: string): Compiled {
  return { kind: "reject", reason };
}

/** A query value as the parser produced it: text (booleans as `true`/`false`), quoting, boolean-ness. */
export interface QueryValue {
  readonly text: string;
  readonly quoted: boolean;
  readonly isBoolean: boolean;
}

export interface OperatorContext {
  /** Fold case in term and wildcard queries (Kibana's `caseInsensitive`, keyword-only fields). */
  readonly caseInsensitive: boolean;
  /** The clock for date math; undefined = read the time when each event is evaluated. */
  readonly now: Instant | undefined;
}

/**
 * How one family of field types answers each kind of query Kibana sends (spec §6). One object per
 * family, looked up by type in `table.ts`.
 */
export interface TypeOperators {
  /** `exists`: the value is indexed at all. */
  exists(field: FieldInfo): ValueTest;
  /** `term` / `match` / `match_phrase` (quoted) with a plain value. */
  equals(value: QueryValue, field: FieldInfo, ctx: OperatorContext): Compiled;
  /** An OR of plain values on one field as one lookup; absent when the family cannot do better. */
  equalsAny?(values: readonly QueryValue[], field: FieldInfo, ctx: OperatorContext): Compiled;
  /** One wildcard pattern (literal segments between `*`): the `wildcard` query or a query_string term. */
  wildcard(parts: readonly string[], field: FieldInfo, ctx: OperatorContext): Compiled;
  /** `range` with one bound; `null` (an unquoted `null` bound) leaves the range open. */
  range(op: RangeOperator, bound: QueryValue | null, field: FieldInfo, ctx: OperatorContext): Compiled;
}

/** Compares with a range operator. */
export function inRange<T extends number | bigint | string>(op: RangeOperator, value: T, bound: T): boolean {
  switch (op) {
    case "gt":
      return value > bound;
    case "gte":
      return value >= bound;
    case "lt":
      return value < bound;
    case "lte":
      return value <= bound;
  }
}
