/**
 * Terms a query cannot match without: the equality conditions a rule set can index rules by. For each
 * top-level AND conjunct that is a plain `field: value` (or an OR of them, or of ANDs holding one) on a
 * keyword field, the exact terms the compiled query compares with, read the way the compiled query
 * reads them (same schema resolution, case folding and ignore_above as `operators/keyword.ts`). An
 * event none of whose indexed terms is among a conjunct's alternatives cannot match the query.
 *
 * Any other comparison on a mapped field (text, numbers, wildcard values, ranges, exists) still reads
 * the field's scalar values, so it requires that the field has one: an `exists` alternative. Field-name
 * patterns, nested groups, object paths, unmapped (dynamically typed) fields, free text and negations
 * contribute nothing.
 */
import type { ExistsNode, KqlNode, LiteralTerm, MatchNode, RangeNode } from "../parser/ast.js";
import { termText } from "../parser/ast.js";
import type { FieldInfo } from "../schema/field-info.js";
import { fold } from "./operators/keyword.js";
import { type CompileOptions, type ResolvedOptions, resolveOptions } from "./options.js";
import { queryValue } from "./plan.js";

/**
 * How an event's values become terms: read at `path`, lower-cased or not, dropped above `ignoreAbove`.
 * An `exists` space has the one term "" for every value: the field merely has to have one.
 */
export interface TermSpace {
  /** `below`: some scalar at the path or below it (a field-name pattern's fixed prefix). */
  readonly kind: "term" | "exists" | "below";
  readonly path: string;
  readonly lower: boolean;
  readonly ignoreAbove: number | undefined;
  /** Identity of the space: equal ids read equal terms from every event. */
  readonly id: string;
}

export interface RequiredTerm {
  /** The field as the query names it (`process.name.caseless`). */
  readonly field: string;
  readonly space: TermSpace;
  readonly term: string;
}

/**
 * One necessary condition: some value of the event is one of these terms. Empty: the conjunct can never
 * be true (a term longer than ignore_above), so neither can the query.
 */
export type TermAlternatives = readonly RequiredTerm[];

/** Field types whose plain-value query is one exact term comparison (keyword operators, no analysis). */
const EXACT_TYPES: ReadonlySet<string> = new Set(["keyword", "constant_keyword"]);

export function requiredTerms(query: KqlNode, options: CompileOptions = {}): TermAlternatives[] {
  let resolved: ResolvedOptions;
  try {
    resolved = resolveOptions(options);
  } catch {
    return []; // the query itself fails to compile with these options; nothing is certain
  }
  const out: TermAlternatives[] = [];
  for (const conjunct of conjuncts(query)) {
    const alternatives = alternativesOf(conjunct, resolved);
    if (alternatives) out.push(alternatives);
  }
  return out;
}

function conjuncts(node: KqlNode): KqlNode[] {
  return node.type === "and" ? node.args.flatMap(conjuncts) : [node];
}

function alternativesOf(node: KqlNode, options: ResolvedOptions): TermAlternatives | undefined {
  switch (node.type) {
    case "match":
    case "exists":
    case "range":
      return fieldTerm(node, options);
    case "or": {
      const all: RequiredTerm[] = [];
      for (const arg of node.args) {
        const alternatives = alternativesOf(arg, options);
        if (!alternatives) return undefined;
        all.push(...alternatives);
      }
      return all;
    }
    case "and": {
      // Inside an OR branch, any one conjunct of the branch will do: take the narrowest.
      let best: TermAlternatives | undefined;
      for (const arg of node.args) {
        const alternatives = alternativesOf(arg, options);
        if (alternatives && (!best || alternatives.length < best.length)) best = alternatives;
      }
      return best;
    }
    default:
      return undefined;
  }
}

function fieldTerm(
  node: MatchNode | ExistsNode | RangeNode,
  options: ResolvedOptions,
): TermAlternatives | undefined {
  if (node.field.kind !== "literal") return patternTerm(node.field.parts);
  const name = termText(node.field);
  const res = options.schema.resolve(name);
  if (res.kind === "unmapped") return unmappedTerm(node, name, res.nestedPath, options);
  if (res.kind !== "field") return undefined;
  const field = res.field;
  // As Compiler.valueTest: these read scalars at valuePath with someValue (other types walk leaves).
  if (field.nestedPath !== undefined || field.type === "flattened" || field.type === "geo_point") {
    return undefined;
  }
  const exact =
    node.type === "match" && node.value.kind === "literal"
      ? exactTerm(node.value, name, field, options)
      : undefined;
  if (exact) return exact;
  return presence(name, field.valuePath);
}

/**
 * As Compiler.unmappedField: a value comparison on a dynamically typed field needs a scalar at the
 * path (the `.caseless` view of an unmapped name reads its parent). Only `exists` accepts an object.
 */
function unmappedTerm(
  node: MatchNode | ExistsNode | RangeNode,
  name: string,
  nestedPath: string | undefined,
  options: ResolvedOptions,
): TermAlternatives | undefined {
  if (node.type === "exists" || nestedPath !== undefined) return undefined;
  if (!options.dynamic) return []; // a strict mapping: the comparison matches nothing
  let valuePath = name;
  if (name.endsWith(".caseless")) {
    const parent = name.slice(0, -".caseless".length);
    if (options.schema.resolve(parent).kind === "unmapped") valuePath = parent;
  }
  return presence(name, valuePath);
}

/**
 * As Compiler.fieldPattern at the top level: every name a pattern such as `file.hash.*` reaches — mapped
 * (values at its valuePath, under the prefix for multi-fields too) or found in the event — lies below
 * its fixed prefix `file.hash`. Patterns without a whole-segment prefix give nothing.
 */
function patternTerm(parts: readonly string[]): TermAlternatives | undefined {
  const fixed = parts[0] ?? "";
  if (parts.length < 2 || fixed.length < 2 || !fixed.endsWith(".")) return undefined;
  const path = fixed.slice(0, -1);
  const space: TermSpace = { kind: "below", path, lower: false, ignoreAbove: undefined, id: `b:${path}` };
  return [{ field: `${fixed}*`, space, term: "" }];
}

function presence(name: string, path: string): TermAlternatives {
  const space: TermSpace = { kind: "exists", path, lower: false, ignoreAbove: undefined, id: `e:${path}` };
  return [{ field: name, space, term: "" }];
}

function exactTerm(
  literal: LiteralTerm,
  name: string,
  field: FieldInfo,
  options: ResolvedOptions,
): TermAlternatives | undefined {
  if (!isExactField(field)) return undefined;
  const value = queryValue(literal);
  if (value === null) return undefined;
  // As planComparison: only a typed query (a data-view field) on a keyword-only field honours caseInsensitive.
  const typed = field.inDataView;
  const caseInsensitive = typed && field.keywordOnly && options.plan.caseInsensitive;
  const lower = fold(field, { caseInsensitive, now: undefined });
  const term = lower ? value.text.toLowerCase() : value.text;
  // The keyword operator answers "never" for such a term: the conjunct cannot hold.
  if (field.ignoreAbove !== undefined && term.length > field.ignoreAbove) return [];
  const space: TermSpace = {
    kind: "term",
    path: field.valuePath,
    lower,
    ignoreAbove: field.ignoreAbove,
    id: `${lower ? "i" : "s"}${field.ignoreAbove ?? ""}:${field.valuePath}`,
  };
  return [{ field: name, space, term }];
}

/** Top-level, searchable, exact keyword fields whose values sit at `valuePath` as plain scalars. */
function isExactField(field: FieldInfo): boolean {
  return (
    EXACT_TYPES.has(field.type) &&
    field.searchable &&
    field.nestedPath === undefined &&
    field.origin !== "flattened-key"
  );
}
