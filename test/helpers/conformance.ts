/** Types and loaders for the `../shared/conformance` files, shared by the suites that run them. */
import type { FieldType } from "../../src/schema/index.js";
import type { NeutralNode } from "./neutral-ast.js";
import { hasShared, readSharedJson } from "./shared.js";

export interface ParseCase {
  id: string;
  group: string;
  query: string;
  ok: boolean;
  ast?: NeutralNode;
  dsl?: unknown;
  note?: string;
}

export interface TypedDslCase {
  id: string;
  query: string;
  field_set: string;
  config?: { dateFormatTZ?: string; caseInsensitive?: boolean; nestedIgnoreUnmapped?: boolean };
  ok: boolean;
  dsl?: unknown;
  error?: string;
  note?: string;
}

export interface TypedDslFile {
  field_sets: Record<
    string,
    { name: string; type?: string; esTypes?: string[]; subType?: { nested?: { path: string } } }[]
  >;
  cases: TypedDslCase[];
}

export interface EvalCase {
  id: string;
  group: string;
  query: string;
  fields: Record<string, FieldType>;
  es_types?: Record<string, FieldType[]>;
  doc: object;
  now?: string;
  match: boolean;
  es_error?: boolean;
  note?: string;
}

export const parseCases: ParseCase[] = hasShared
  ? readSharedJson<ParseCase[]>("conformance", "parse.json")
  : [];
export const typedDslFile: TypedDslFile = hasShared
  ? readSharedJson<TypedDslFile>("conformance", "dsl-typed.json")
  : { field_sets: {}, cases: [] };
export const evalCases: EvalCase[] = hasShared ? readSharedJson<EvalCase[]>("conformance", "eval.json") : [];

/**
 * Compile options of an eval case: its `fields` are the whole mapping (field-name patterns expand over
 * exactly those names), so they replace the built-in schema; `es_types` and `now` as given.
 */
export function evalOptions(c: EvalCase) {
  return { schema: c.fields, ...(c.es_types && { esTypes: c.es_types }), ...(c.now && { now: c.now }) };
}
