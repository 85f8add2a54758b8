import {
  isLoneWildcard,
  type KqlNode,
  type RangeOperator,
  type SourceRange,
  type Term,
} from "../parser/ast.js";
import { anyOf, type IsValue, isQueryForField, rangeQueryForField, untypedField } from "./comparison.js";
import type { FieldIndex, ResolvedField } from "./data-view.js";
import { wildcardToQueryString, wildcardToText } from "./escape.js";
import {
  checkNestedPaths,
  type FullFieldName,
  fullFieldName,
  lookUpFields,
  writtenName,
} from "./field-name.js";
import type { DslConfig, EsQuery, JsonValue } from "./types.js";

/** What the walk knows at a node: the data view (absent → untyped), the settings, the enclosing group. */
export interface ConvertContext {
  readonly dataView: FieldIndex | undefined;
  readonly config: DslConfig;
  /** Full path of the innermost nested group around the node. */
  readonly nestedPath: string | undefined;
}

type Converter<K extends KqlNode["type"]> = (
  node: Extract<KqlNode, { type: K }>,
  context: ConvertContext,
) => EsQuery;

/** One converter per node type (Kibana's `functions/*.ts`). */
const CONVERTERS: { readonly [K in KqlNode["type"]]: Converter<K> } = {
  and: (node, context) => ({
    bool: {
      [context.config.filtersInMustClause ? "must" : "filter"]: node.args.map((arg) => convert(arg, context)),
    },
  }),
  or: (node, context) => ({
    bool: { should: node.args.map((arg) => convert(arg, context)), minimum_should_match: 1 },
  }),
  // Kibana puts the single clause in `must_not` as an object, not a one-element array.
  not: (node, context) => ({ bool: { must_not: convert(node.arg, context) } }),
  matchAll: () => ({ match_all: {} }),
  nested: (node, context) => nestedQuery(node.path, node.query, context),
  match: (node, context) => isQuery(node.field, classifyValue(node.value), node.range, context),
  exists: (node, context) => isQuery(node.field, { kind: "exists" }, node.range, context),
  freeText: (node, context) => isQuery(null, classifyValue(node.value), node.range, context),
  range: (node, context) => rangeQuery(node.field, node.op, node.value, node.range, context),
};

export function convert(node: KqlNode, context: ConvertContext): EsQuery {
  return (CONVERTERS[node.type] as Converter<typeof node.type>)(node, context);
}

function classifyValue(value: Term): IsValue {
  if (value.kind === "wildcard") {
    return isLoneWildcard(value)
      ? { kind: "exists" }
      : { kind: "pattern", query: wildcardToQueryString(value.parts) };
  }
  return { kind: "value", value: value.value, quoted: value.quoted };
}

/**
 * `path: { query }`. The path is sent as written (Kibana does not check it) and, inside another group,
 * behind that group's path; names inside are resolved relative to it.
 */
function nestedQuery(path: Term, query: KqlNode, context: ConvertContext): EsQuery {
  const written: string | boolean | null = path.kind === "wildcard" ? wildcardToText(path.parts) : path.value;
  const fullPath: JsonValue =
    context.nestedPath === undefined ? written : `${context.nestedPath}.${String(written)}`;
  return {
    nested: {
      path: fullPath,
      query: convert(query, { ...context, nestedPath: String(fullPath) }),
      score_mode: "none",
      ...ignoreUnmapped(context.config),
    },
  };
}

/** Kibana's `is`: free text, or one query per matching field ORed. */
function isQuery(field: Term | null, value: IsValue, range: SourceRange, context: ConvertContext): EsQuery {
  const name = fullFieldName(field, context.nestedPath);
  if (name.kind === "none") return freeTextQuery(value);
  return anyOf(
    resolveFields(name, comparisonSpan(field, range), context).map((resolved) =>
      wrapNested(name, resolved, isQueryForField(resolved, value, context.config), context),
    ),
  );
}

/** Free text is never typed: `multi_match` for a value, `query_string` without fields for a pattern. */
function freeTextQuery(value: IsValue): EsQuery {
  // A lone `*` without a field is free text too; Kibana writes it as the pattern `*`.
  if (value.kind === "exists") return { query_string: { query: "*" } };
  if (value.kind === "pattern") return { query_string: { query: value.query } };
  return {
    multi_match: { type: value.quoted ? "phrase" : "best_fields", query: value.value, lenient: true },
  };
}

function rangeQuery(
  field: Term,
  op: RangeOperator,
  value: Term,
  range: SourceRange,
  context: ConvertContext,
): EsQuery {
  const name = fullFieldName(field, context.nestedPath);
  // Kibana's range has no free-text branch: an unquoted `null` field is sent under the name "null".
  // A `*` in a bound is no wildcard: Kibana sends the pattern's text unescaped (`f > 5*` → "5*").
  const bound = value.kind === "wildcard" ? wildcardToText(value.parts) : value.value;
  const sent: FullFieldName & { kind: "name" | "pattern" } =
    name.kind === "none" ? { kind: "name", name: "null" } : name;
  return anyOf(
    resolveFields(sent, comparisonSpan(field, range), context).map((resolved) =>
      wrapNested(sent, resolved, rangeQueryForField(resolved, op, bound, context.config), context),
    ),
  );
}

/**
 * Where a refused comparison is reported: from its field name to the end of its value. (A comparison
 * distributed from a value list keeps only its value's range; its field term keeps the written name's.)
 */
function comparisonSpan(field: Term | null, range: SourceRange): SourceRange {
  return field === null ? range : { start: Math.min(field.range.start, range.start), end: range.end };
}

/**
 * The data-view entries a name reaches, after Kibana's nested checks; a name the data view lacks (or any
 * name, untyped) is one untyped entry under the name as written.
 */
function resolveFields(
  name: FullFieldName & { kind: "name" | "pattern" },
  range: SourceRange,
  context: ConvertContext,
): ResolvedField[] {
  if (!context.dataView) return [untypedField(writtenName(name))];
  const fields = lookUpFields(name, context.dataView);
  checkNestedPaths(name, fields, context.nestedPath, range);
  return fields.length > 0 ? fields : [untypedField(writtenName(name))];
}

/**
 * A pattern outside nested groups may reach fields under nested paths; Kibana wraps each such field in
 * its own nested query because the user could not have written one group covering them all.
 */
function wrapNested(
  name: FullFieldName,
  field: ResolvedField,
  query: EsQuery,
  context: ConvertContext,
): EsQuery {
  if (name.kind !== "pattern" || field.nestedPath === undefined || context.nestedPath !== undefined)
    return query;
  return { nested: { path: field.nestedPath, query, score_mode: "none", ...ignoreUnmapped(context.config) } };
}

function ignoreUnmapped(config: DslConfig): { ignore_unmapped?: boolean } {
  return typeof config.nestedIgnoreUnmapped === "boolean"
    ? { ignore_unmapped: config.nestedIgnoreUnmapped }
    : {};
}
