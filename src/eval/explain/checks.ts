import type { RangeOperator } from "../../parser/ast.js";
import type { FieldInfo } from "../../schema/field-info.js";
import type { FieldType } from "../../schema/field-types.js";
import { analyze } from "../analysis.js";
import { currentInstant, type Instant, indexDate, parseDateMath, toMillisResolution } from "../dates.js";
import { parseIp } from "../ip.js";
import { type FloatType, isIntegerType, sourceNumber, toFloatValue, toIntegerValue } from "../numbers.js";
import type { Compiled } from "../operators/types.js";
import type { Comparison } from "../plan.js";
import { queryStringClauses } from "../query-string.js";
import type { Scalar } from "../resolve.js";
import { compileWildcard } from "../wildcard.js";
import type { CheckedValue, JsonScalar, QueryKind } from "./types.js";

/**
 * Display-side knowledge for explain: the indexed form of a value, the DSL query kind per field and the
 * human reason a field check failed. Matching itself is never decided here: every `result` comes from
 * the compiler's own plans (`Compiled.test`); this module only describes.
 */

/** What a leaf compares, as explain sees it (free text is a match or pattern without a field). */
export type ExplainedComparison = Comparison & { readonly freeText?: boolean };

type Family = "keyword" | "text" | "numeric" | "date" | "boolean" | "ip" | "geo" | "container";

export function familyOf(type: FieldType): Family {
  switch (type) {
    case "keyword":
    case "constant_keyword":
    case "wildcard":
    case "flattened":
      return "keyword";
    case "text":
    case "match_only_text":
      return "text";
    case "date":
    case "date_nanos":
      return "date";
    case "boolean":
      return "boolean";
    case "ip":
      return "ip";
    case "geo_point":
      return "geo";
    case "object":
    case "nested":
      return "container";
    default:
      return "numeric";
  }
}

/** Whether term/wildcard queries on this field fold case (normalizer or `caseInsensitive`). */
export function foldsCase(field: FieldInfo, typed: boolean, caseInsensitive: boolean): boolean {
  return (
    familyOf(field.type) === "keyword" &&
    (field.normalizer === "lowercase" || (caseInsensitive && typed && field.keywordOnly))
  );
}

const NS_PER_MS = 1_000_000n;

export function isoOf(instant: Instant, nanos: boolean): string {
  const ms = instant / NS_PER_MS - (instant % NS_PER_MS < 0n ? 1n : 0n);
  const iso = new Date(Number(ms)).toISOString();
  if (!nanos) return iso;
  const sub = ((instant % NS_PER_MS) + NS_PER_MS) % NS_PER_MS;
  return sub === 0n ? iso : `${iso.slice(0, -1)}${sub.toString().padStart(6, "0")}Z`;
}

/** The value as the index holds it after index-time conversion (spec §5.2); null when not indexed. */
export function indexedForm(field: FieldInfo, value: Scalar, fold: boolean): JsonScalar | string[] | null {
  switch (familyOf(field.type)) {
    case "keyword": {
      const text = typeof value === "string" ? value : String(value);
      if (field.ignoreAbove !== undefined && text.length > field.ignoreAbove) return null;
      return fold ? text.toLowerCase() : text;
    }
    case "text":
      return analyze(typeof value === "string" ? value : String(value));
    case "numeric": {
      const type = field.type;
      if (isIntegerType(type)) return toIntegerValue(value, type) ?? null;
      const n = sourceNumber(value);
      return n === undefined ? null : toFloatValue(n, type as FloatType, field.scalingFactor);
    }
    case "date": {
      const instant = indexDate(value);
      if (instant === undefined) return null;
      const nanos = field.type === "date_nanos";
      return isoOf(nanos ? instant : toMillisResolution(instant), nanos);
    }
    case "boolean":
      if (value === true || value === "true") return true;
      if (value === false || value === "false" || value === "") return false;
      return null;
    case "ip":
      return typeof value === "string" && parseIp(value) !== undefined ? value : null;
    case "geo":
      return value;
    case "container":
      return null;
  }
}

/** The DSL query Kibana sends to this field for the comparison (spec §4.1, §4.2, §6.7). */
export function queryKindOf(field: FieldInfo, cmp: ExplainedComparison, typed: boolean): QueryKind {
  if (cmp.freeText) return cmp.kind === "pattern" ? "query_string" : "multi_match";
  switch (cmp.kind) {
    case "exists":
      return "exists";
    case "range":
      return "range";
    case "pattern":
      return typed && field.keywordOnly ? "wildcard" : "query_string";
    case "match":
      if (familyOf(field.type) === "date") return "range";
      if (typed && field.keywordOnly) return "term";
      return cmp.value.quoted ? "match_phrase" : "match";
  }
}

/** `query_string` reading of a pattern, when it differs from the pattern written (spec §6.4). */
export function splitNote(parts: readonly string[], field: string | undefined): string | undefined {
  const clauses = queryStringClauses(parts);
  const written = parts.join("*");
  if (clauses.length === 1 && clauses[0]?.kind === "wildcard") return undefined;
  if (clauses.length === 1 && clauses[0]?.kind === "plain" && !written.includes("*")) return undefined;
  const shown = clauses.map((c) => `'${clauseText(c)}'`).join(" OR ");
  const where = field === undefined ? "" : ` on ${field}`;
  const exists = clauses.some((c) => c.kind === "exists")
    ? "; the lone * is an exists test, so any value matches"
    : "";
  return `query_string split '${written}' into ${shown}${where}${exists}`;
}

function clauseText(clause: ReturnType<typeof queryStringClauses>[number]): string {
  return clause.kind === "exists" ? "*" : clause.kind === "wildcard" ? clause.parts.join("*") : clause.text;
}

const OP_SYMBOL: Readonly<Record<RangeOperator, string>> = { gt: ">", gte: ">=", lt: "<", lte: "<=" };

export function opSymbol(op: RangeOperator): string {
  return OP_SYMBOL[op];
}

/** `'a'`, `'a', 'b'`, … (at most five, then a count). */
export function quoteList(values: readonly unknown[]): string {
  const shown = values.slice(0, 5).map(quote);
  const more = values.length > 5 ? `, … (${values.length - 5} more)` : "";
  return shown.join(", ") + more;
}

export function quote(value: unknown): string {
  return typeof value === "string" ? `'${value}'` : String(value);
}

function tokenList(tokens: readonly string[]): string {
  const unique = [...new Set(tokens)];
  const shown = unique.slice(0, 12).join(", ");
  return `[${shown}${unique.length > 12 ? `, … (${unique.length - 12} more)` : ""}]`;
}

/** Typed name for messages: `keyword field user.name`. */
function fieldLabel(field: FieldInfo): string {
  return `${field.type} field ${field.name}`;
}

export interface ReasonContext {
  readonly field: FieldInfo;
  readonly cmp: ExplainedComparison;
  readonly typed: boolean;
  readonly compiled: Compiled;
  readonly values: readonly CheckedValue[];
  readonly fold: boolean;
  readonly now: Instant | undefined;
}

/** Why a field check is false, in one line. */
export function fieldReason(ctx: ReasonContext): string {
  const { field, cmp, compiled, values } = ctx;
  if (compiled.kind === "reject") return `Elasticsearch rejects this query: ${compiled.reason}`;
  if (!field.searchable) return `${fieldLabel(field)} is not searchable (index: false)`;
  if (compiled.kind === "never") return neverReason(ctx);
  if (values.length === 0) return `field ${field.name} is missing`;
  const indexed = values.filter((v) => v.indexed !== null);
  if (indexed.length === 0) return notIndexedReason(field, values);
  const raw = indexed.map((v) => v.value);
  switch (cmp.kind) {
    case "exists":
      return `no value of ${field.name} is indexed`;
    case "range":
      return rangeReason(ctx, cmp.op, cmp.value.value === null ? "null" : String(cmp.value.value), raw);
    case "match":
      return matchReason(ctx, cmp.value.value === null ? "null" : String(cmp.value.value), raw);
    case "pattern":
      return patternReason(ctx, cmp.parts, indexed);
  }
}

function neverReason({ field, cmp }: ReasonContext): string {
  const text = cmp.kind === "match" || cmp.kind === "range" ? String(cmp.value.value) : "";
  switch (familyOf(field.type)) {
    case "numeric":
      return `${text} can never equal a value of the ${fieldLabel(field)}`;
    case "text":
      return `'${text}' has no searchable tokens, so it matches nothing on ${fieldLabel(field)}`;
    case "keyword":
      return `'${text}' is longer than ignore_above (${field.ignoreAbove}) of ${fieldLabel(field)}: never indexed`;
    case "container":
      return `${field.name} is an ${field.type} path: it holds fields, not values`;
    default:
      return `no value of the ${fieldLabel(field)} can match`;
  }
}

function notIndexedReason(field: FieldInfo, values: readonly CheckedValue[]): string {
  const shown = quoteList(values.map((v) => v.value));
  switch (familyOf(field.type)) {
    case "numeric":
      return `${shown} is not a number: the ${fieldLabel(field)} does not index it`;
    case "date":
      return `${shown} is not a date: the ${fieldLabel(field)} does not index it`;
    case "ip":
      return `${shown} is not an IP address: the ${fieldLabel(field)} does not index it`;
    case "boolean":
      return `${shown} is not a boolean: the ${fieldLabel(field)} does not index it`;
    case "keyword":
      return `${shown} is longer than ignore_above (${field.ignoreAbove}) of ${fieldLabel(field)}: not indexed`;
    default:
      return `${shown} is not indexed by the ${fieldLabel(field)}`;
  }
}

function matchReason(ctx: ReasonContext, text: string, raw: readonly Scalar[]): string {
  const { field, cmp, values } = ctx;
  const quoted = cmp.kind === "match" && cmp.value.quoted;
  switch (familyOf(field.type)) {
    case "text": {
      const wanted = analyze(text);
      const present = values.flatMap((v) => (Array.isArray(v.indexed) ? v.indexed : []));
      if (quoted && wanted.length > 1)
        return `quoted phrase "${text}" not found in order; tokens present: ${tokenList(present)}`;
      return `none of the tokens ${tokenList(wanted)} occur; tokens present: ${tokenList(present)}`;
    }
    case "keyword": {
      if (!ctx.fold) {
        const lower = text.toLowerCase();
        const hit = raw.find((v) => String(v).toLowerCase() === lower);
        if (hit !== undefined)
          return `case differs: ${quote(String(hit))} (event) vs '${text}' (query) on ${fieldLabel(field)}`;
      }
      return `no value equals '${text}'; ${field.name} is ${quoteList(raw)}`;
    }
    case "ip":
      return text.includes("/")
        ? `no value in ${text}; ${field.name} is ${quoteList(raw)}`
        : `no value equals ${text}; ${field.name} is ${quoteList(raw)}`;
    case "date": {
      const span = dateSpan(text, ctx);
      return `no value within ${text}${span}; ${field.name} is ${quoteList(raw)}`;
    }
    default:
      return `no value equals ${text}; ${field.name} is ${quoteList(raw)}`;
  }
}

function dateSpan(text: string, ctx: ReasonContext): string {
  const lo = parseDateMath(text, false);
  const hi = parseDateMath(text, true);
  if (!lo || !hi) return "";
  const now = ctx.now ?? currentInstant();
  const nanos = ctx.field.type === "date_nanos";
  const cut = nanos ? (i: Instant) => i : toMillisResolution;
  return ` [${isoOf(cut(lo(now)), nanos)} … ${isoOf(cut(hi(now)), nanos)}]`;
}

function rangeReason(ctx: ReasonContext, op: RangeOperator, text: string, raw: readonly Scalar[]): string {
  const { field } = ctx;
  let bound = text;
  if (familyOf(field.type) === "date") {
    const at = parseDateMath(text, op === "gt" || op === "lte");
    if (at) bound = `${text} (${isoOf(toMillisResolution(at(ctx.now ?? currentInstant())), false)})`;
  }
  const tokens = familyOf(field.type) === "text" ? " (compared token by token)" : "";
  return `no value ${opSymbol(op)} ${bound}${tokens}; ${field.name} is ${quoteList(raw)}`;
}

function patternReason(
  ctx: ReasonContext,
  parts: readonly string[],
  indexed: readonly CheckedValue[],
): string {
  const { field } = ctx;
  const written = parts.join("*");
  const raw = indexed.map((v) => v.value);
  const kind = queryKindOf(field, ctx.cmp, ctx.typed);
  if (familyOf(field.type) === "text") {
    const present = indexed.flatMap((v) => (Array.isArray(v.indexed) ? v.indexed : []));
    return `wildcard ${written} matches no token; tokens present: ${tokenList(present)}`;
  }
  const clauses = queryStringClauses(parts);
  const split = kind === "query_string" && !(clauses.length === 1 && clauses[0]?.kind === "wildcard");
  if (split) {
    const shown = clauses.map((c) => `'${clauseText(c)}'`).join(" OR ");
    return `no clause of ${shown} matches ${quoteList(raw)}`;
  }
  if (!ctx.fold) {
    const lower = compileWildcard(parts.map((p) => p.toLowerCase()));
    const hit = raw.find((v) => lower(String(v).toLowerCase()));
    if (hit !== undefined)
      return `case differs: wildcard ${written} vs ${quote(String(hit))} (event) on ${fieldLabel(field)}`;
  }
  return `wildcard ${written} does not match ${quoteList(raw)}`;
}
