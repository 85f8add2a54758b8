/**
 * Kibana filter objects → FilterClause trees. A filter is `{ meta, query: <DSL> }` (current Kibana) or
 * `{ meta, <DSL key>: … }` (older exports put `exists`, `range`, `match_all` at the top). Only the DSL
 * decides what matches; from `meta` only `negate` and `disabled` count, exactly as `buildEsQuery` does.
 * A query kind this library cannot evaluate faithfully is refused (RULE_UNSUPPORTED_FILTER), never guessed.
 */

import type { KqlNode, RangeOperator } from "../../parser/ast.js";
import { own } from "../../util/own.js";
import { isPlainObject } from "../source.js";
import type { FilterClause, RuleFilter } from "./clause.js";
import { existsNode, matchNode, rangeNode } from "./kql-nodes.js";

/** Thrown by the translation; the rule compiler adds file, key and line. */
export class FilterTranslationError extends Error {
  constructor(readonly detail: string) {
    super(detail);
  }
}

const NON_DSL_KEYS = new Set(["meta", "$state", "query"]);

export function translateFilter(filter: Readonly<Record<string, unknown>>, position: number): RuleFilter {
  const meta = isPlainObject(filter.meta) ? filter.meta : {};
  const negate = meta.negate === true;
  const disabled = meta.disabled === true;
  let dsl: Record<string, unknown>;
  if (isPlainObject(filter.query)) {
    dsl = filter.query;
  } else {
    dsl = Object.fromEntries(Object.entries(filter).filter(([key]) => !NON_DSL_KEYS.has(key)));
  }
  // A disabled filter is ignored by Kibana, so it is not translated either (it may use anything).
  const clause: FilterClause = disabled ? { kind: "all" } : translateQuery(dsl);
  return { clause, negate, disabled, position };
}

/** One query DSL object: exactly one query kind as its key. */
export function translateQuery(dsl: Readonly<Record<string, unknown>>): FilterClause {
  const kinds = Object.keys(dsl);
  if (kinds.length !== 1) {
    throw new FilterTranslationError(
      kinds.length === 0
        ? "empty filter query"
        : `a query object must have one kind, got ${kinds.join(", ")}`,
    );
  }
  const kind = kinds[0] as string;
  const body = dsl[kind];
  const translator = own(QUERY_KINDS, kind);
  if (!translator) throw new FilterTranslationError(`unsupported query kind "${kind}"`);
  return translator(body);
}

type Translator = (body: unknown) => FilterClause;

/** Query kinds by DSL name: one small translator each. */
const QUERY_KINDS: Readonly<Record<string, Translator>> = {
  match_all: () => ({ kind: "all" }),
  match_none: () => ({ kind: "none" }),
  bool: translateBool,
  exists: (body) => {
    const field = objectBody(body, "exists").field;
    if (typeof field !== "string") throw new FilterTranslationError("exists needs a field name");
    return kql(existsNode(field), `${field}: *`);
  },
  match_phrase: (body) =>
    perField(body, "match_phrase", (field, spec) => {
      const value = scalarText(isPlainObject(spec) ? spec.query : spec, `match_phrase.${field}`);
      return kql(matchNode(field, value, true), `${field}: ${JSON.stringify(value)}`);
    }),
  match: (body) =>
    perField(body, "match", (field, spec) => {
      const query = isPlainObject(spec) ? spec.query : spec;
      const phrase = isPlainObject(spec) && spec.type === "phrase";
      if (
        isPlainObject(spec) &&
        spec.operator !== undefined &&
        String(spec.operator).toLowerCase() !== "or"
      ) {
        throw new FilterTranslationError(`match.${field}: only the default "or" operator is supported`);
      }
      const value = scalarText(query, `match.${field}`);
      return kql(
        matchNode(field, value, phrase),
        phrase ? `${field}: ${JSON.stringify(value)}` : `${field}: ${value}`,
      );
    }),
  term: (body) =>
    perField(body, "term", (field, spec) => {
      const value = scalarText(isPlainObject(spec) ? spec.value : spec, `term.${field}`);
      if (isPlainObject(spec) && spec.case_insensitive === true) {
        return wildcard(field, escapeWildcard(value), true);
      }
      return kql(matchNode(field, value, true), `${field}: ${JSON.stringify(value)}`);
    }),
  terms: translateTerms,
  wildcard: (body) =>
    perField(body, "wildcard", (field, spec) => {
      const raw = isPlainObject(spec) ? (spec.value ?? spec.wildcard) : spec;
      const pattern = scalarText(raw, `wildcard.${field}`);
      const caseInsensitive = isPlainObject(spec) && spec.case_insensitive === true;
      return wildcard(field, pattern, caseInsensitive);
    }),
  prefix: (body) =>
    perField(body, "prefix", (field, spec) => {
      const value = scalarText(isPlainObject(spec) ? spec.value : spec, `prefix.${field}`);
      const caseInsensitive = isPlainObject(spec) && spec.case_insensitive === true;
      return wildcard(field, `${escapeWildcard(value)}*`, caseInsensitive);
    }),
  range: (body) => perField(body, "range", translateRange),
};

function kql(ast: KqlNode, text: string): FilterClause {
  return { kind: "kql", ast, text };
}

function wildcard(field: string, pattern: string, caseInsensitive: boolean): FilterClause {
  const text = `${field}: wildcard ${JSON.stringify(pattern)}${caseInsensitive ? " (case-insensitive)" : ""}`;
  return { kind: "wildcard", field, pattern, caseInsensitive, text };
}

/** A plain value as Elasticsearch receives it for a keyword: numbers and booleans as their text. */
function scalarText(value: unknown, where: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new FilterTranslationError(`${where}: expected a string, number or boolean`);
}

function escapeWildcard(value: string): string {
  return value.replace(/[\\*?]/g, (c) => `\\${c}`);
}

function objectBody(body: unknown, kind: string): Record<string, unknown> {
  if (!isPlainObject(body)) throw new FilterTranslationError(`${kind} needs an object`);
  return body;
}

/** `{ kind: { field: spec } }`: one field per query (several are ANDed, as Kibana never writes them). */
function perField(
  body: unknown,
  kind: string,
  one: (field: string, spec: unknown) => FilterClause,
): FilterClause {
  const fields = Object.entries(objectBody(body, kind)).filter(([key]) => key !== "boost" && key !== "_name");
  if (fields.length === 0) throw new FilterTranslationError(`${kind} names no field`);
  const clauses = fields.map(([field, spec]) => one(field, spec));
  return clauses.length === 1 ? (clauses[0] as FilterClause) : { kind: "and", clauses };
}

function translateTerms(body: unknown): FilterClause {
  const fields = Object.entries(objectBody(body, "terms")).filter(
    ([key]) => key !== "boost" && key !== "_name",
  );
  const first = fields[0];
  if (fields.length !== 1 || !first) throw new FilterTranslationError("terms needs exactly one field");
  const [field, values] = first;
  if (!Array.isArray(values)) throw new FilterTranslationError(`terms.${field}: expected an array of values`);
  if (values.length === 0) return { kind: "none" };
  const clauses = values.map((value) => {
    const text = scalarText(value, `terms.${field}`);
    return kql(matchNode(field, text, true), `${field}: ${JSON.stringify(text)}`);
  });
  return clauses.length === 1 ? (clauses[0] as FilterClause) : { kind: "or", clauses };
}

const RANGE_OPERATORS: readonly RangeOperator[] = ["gt", "gte", "lt", "lte"];

function translateRange(field: string, spec: unknown): FilterClause {
  if (!isPlainObject(spec)) throw new FilterTranslationError(`range.${field} needs an object`);
  const clauses: FilterClause[] = [];
  for (const op of RANGE_OPERATORS) {
    const bound = spec[op];
    if (bound === undefined || bound === null) continue;
    const value = scalarText(bound, `range.${field}.${op}`);
    clauses.push(kql(rangeNode(field, op, value), `${field} ${RANGE_SYMBOL[op]} ${value}`));
  }
  // `from`/`to` are the old spelling of gte/lte (include_lower/include_upper default true).
  if (spec.from !== undefined && spec.from !== null) {
    const op: RangeOperator = spec.include_lower === false ? "gt" : "gte";
    clauses.push(
      kql(
        rangeNode(field, op, scalarText(spec.from, `range.${field}.from`)),
        `${field} ${RANGE_SYMBOL[op]} ${String(spec.from)}`,
      ),
    );
  }
  if (spec.to !== undefined && spec.to !== null) {
    const op: RangeOperator = spec.include_upper === false ? "lt" : "lte";
    clauses.push(
      kql(
        rangeNode(field, op, scalarText(spec.to, `range.${field}.to`)),
        `${field} ${RANGE_SYMBOL[op]} ${String(spec.to)}`,
      ),
    );
  }
  if (clauses.length === 0) return { kind: "all" };
  return clauses.length === 1 ? (clauses[0] as FilterClause) : { kind: "and", clauses };
}

const RANGE_SYMBOL: Readonly<Record<RangeOperator, string>> = { gt: ">", gte: ">=", lt: "<", lte: "<=" };

function asList(value: unknown, where: string): Record<string, unknown>[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  for (const item of list) {
    if (!isPlainObject(item)) throw new FilterTranslationError(`${where}: expected query objects`);
  }
  return list as Record<string, unknown>[];
}

/**
 * Elasticsearch's bool: must and filter all match, no must_not matches, and at least
 * `minimum_should_match` should clauses match — which defaults to 1 only when there is no must/filter
 * (with one, should clauses only score and do not decide matching).
 */
function translateBool(body: unknown): FilterClause {
  const bool = objectBody(body, "bool");
  const required = [...asList(bool.must, "bool.must"), ...asList(bool.filter, "bool.filter")].map(
    translateQuery,
  );
  const excluded = asList(bool.must_not, "bool.must_not").map(translateQuery);
  const optional = asList(bool.should, "bool.should").map(translateQuery);
  const minimum = minimumShouldMatch(bool.minimum_should_match, optional.length, required.length > 0);
  const clauses: FilterClause[] = [
    ...required,
    ...excluded.map((clause) => ({ kind: "not" as const, clause })),
  ];
  if (minimum === 1) clauses.push({ kind: "or", clauses: optional });
  else if (minimum > 1)
    throw new FilterTranslationError("bool.minimum_should_match above 1 is not supported");
  if (clauses.length === 0) return { kind: "all" };
  return clauses.length === 1 ? (clauses[0] as FilterClause) : { kind: "and", clauses };
}

function minimumShouldMatch(value: unknown, shouldCount: number, hasRequired: boolean): number {
  if (shouldCount === 0) return 0;
  if (value === undefined || value === null) return hasRequired ? 0 : 1;
  const number = typeof value === "string" ? Number(value) : value;
  if (typeof number !== "number" || !Number.isInteger(number) || number < 0) {
    throw new FilterTranslationError(`bool.minimum_should_match ${JSON.stringify(value)} is not supported`);
  }
  return Math.min(number, shouldCount);
}
