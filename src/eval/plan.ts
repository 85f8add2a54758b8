import type { LiteralTerm, RangeOperator } from "../parser/ast.js";
import type { FieldInfo } from "../schema/field-info.js";
import { OPERATORS } from "./operators/table.js";
import {
  type Compiled,
  NEVER,
  type OperatorContext,
  type QueryValue,
  reject,
  test,
  type ValueTest,
} from "./operators/types.js";
import { queryStringClauses } from "./query-string.js";

/** One comparison of a KQL tree, with the field name already resolved. */
export type Comparison =
  | { readonly kind: "exists" }
  | { readonly kind: "match"; readonly value: LiteralTerm }
  | { readonly kind: "pattern"; readonly parts: readonly string[] }
  | { readonly kind: "range"; readonly op: RangeOperator; readonly value: LiteralTerm };

export interface PlanOptions {
  readonly caseInsensitive: boolean;
  readonly now: OperatorContext["now"];
  /** `"literal"`: never split wildcard values at whitespace (a deliberate departure from Kibana). */
  readonly wildcardSpaces: "elasticsearch" | "literal";
}

export function queryValue(term: LiteralTerm): QueryValue | null {
  if (term.value === null) return null;
  return { text: String(term.value), quoted: term.quoted, isBoolean: typeof term.value === "boolean" };
}

/**
 * The query Kibana builds for one field and what Elasticsearch does with it (spec §4.1, §6). `typed`:
 * the field is in Kibana's data view, so keyword-only fields get `term`/`wildcard` (one pattern, spaces
 * kept, `caseInsensitive` honoured); otherwise wildcard values go through `query_string` and split.
 */
export function planComparison(
  field: FieldInfo,
  cmp: Comparison,
  typed: boolean,
  options: PlanOptions,
): Compiled {
  if (field.type === "object" || field.type === "nested") return NEVER;
  const ops = OPERATORS[field.type];
  if (!field.searchable) return NEVER;
  const keywordQuery = typed && field.keywordOnly;
  const ctx: OperatorContext = { caseInsensitive: keywordQuery && options.caseInsensitive, now: options.now };
  switch (cmp.kind) {
    case "exists":
      return test(ops.exists(field));
    case "match": {
      const value = queryValue(cmp.value);
      if (value === null)
        return reject(`an unquoted null is sent as a JSON null, which "${field.name}" cannot take`);
      return ops.equals(value, field, ctx);
    }
    case "range": {
      if (field.origin === "flattened-key") {
        return reject(`a range on the flattened key "${field.name}" needs both bounds; KQL sends one`);
      }
      return ops.range(cmp.op, queryValue(cmp.value), field, ctx);
    }
    case "pattern": {
      if (keywordQuery || options.wildcardSpaces === "literal") {
        return ops.wildcard(cmp.parts, field, ctx);
      }
      return queryStringPlan(cmp.parts, field, ops, ctx, false);
    }
  }
}

/** OR of value tests. */
export function anyOf(tests: readonly ValueTest[]): Compiled {
  if (tests.length === 0) return NEVER;
  if (tests.length === 1) return test(tests[0] as ValueTest);
  return test((v) => {
    for (const t of tests) if (t(v)) return true;
    return false;
  });
}

/** A plain value against an OR of literal values on one field, as a single lookup where the type can. */
export function planEqualsAny(
  field: FieldInfo,
  values: readonly LiteralTerm[],
  typed: boolean,
  options: PlanOptions,
): Compiled | undefined {
  if (field.type === "object" || field.type === "nested" || !field.searchable) return undefined;
  const ops = OPERATORS[field.type];
  if (!ops.equalsAny) return undefined;
  const queryValues: QueryValue[] = [];
  for (const term of values) {
    const value = queryValue(term);
    if (value === null) return undefined;
    queryValues.push(value);
  }
  const ctx: OperatorContext = {
    caseInsensitive: typed && field.keywordOnly && options.caseInsensitive,
    now: options.now,
  };
  return ops.equalsAny(queryValues, field, ctx);
}

/**
 * Free text on one field (spec §6.7): Kibana's `multi_match` / field-less `query_string` are lenient, so
 * a value or clause the field's type cannot take is skipped instead of failing the search.
 */
export function planFreeText(
  field: FieldInfo,
  cmp: Extract<Comparison, { kind: "match" | "pattern" }>,
  options: PlanOptions,
): Compiled {
  if (cmp.kind === "match" || options.wildcardSpaces === "literal") {
    const compiled = planComparison(field, cmp, false, options);
    return compiled.kind === "reject" ? NEVER : compiled;
  }
  if (field.type === "object" || field.type === "nested" || !field.searchable) return NEVER;
  const ops = OPERATORS[field.type];
  return queryStringPlan(cmp.parts, field, ops, { caseInsensitive: false, now: options.now }, true);
}

/**
 * A pattern through `query_string` on one field (spec §6.4): split at whitespace, one clause per piece
 * (a lone `*` is exists), ORed. `lenient` (free text) skips pieces the field cannot take instead of
 * failing the search.
 */
function queryStringPlan(
  parts: readonly string[],
  field: FieldInfo,
  ops: (typeof OPERATORS)[keyof typeof OPERATORS],
  ctx: OperatorContext,
  lenient: boolean,
): Compiled {
  const tests: ValueTest[] = [];
  for (const clause of queryStringClauses(parts)) {
    const compiled =
      clause.kind === "exists"
        ? test(ops.exists(field))
        : clause.kind === "wildcard"
          ? ops.wildcard(clause.parts, field, ctx)
          : ops.equals({ text: clause.text, quoted: false, isBoolean: false }, field, ctx);
    if (compiled.kind === "reject" && !lenient) return compiled;
    if (compiled.kind === "test") tests.push(compiled.test);
  }
  return anyOf(tests);
}
