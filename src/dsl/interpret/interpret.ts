import { own } from "../../util/own.js";
import type { JsonValue } from "../types.js";
import { hiddenByNesting, nestedElements, valuesAt } from "./document.js";
import { DslInterpretError } from "./errors.js";
import { REJECT, TYPE_OPS, type TypeOps } from "./field-types.js";
import { expandFieldName, type InterpreterMapping, interpreterMapping } from "./mapping.js";
import { queryStringClauses, wildcardMatcher } from "./patterns.js";

/**
 * A small interpreter of the Elasticsearch DSL that the conversion emits: the `bool` structure,
 * `term(s)`, `match`, `match_phrase`, `multi_match`, `wildcard`, `query_string` (spec 6.4 split),
 * `range`, `exists`, `match_all`/`match_none` and `nested`, over keyword-like, integer, ip and boolean
 * fields. It is a test oracle for the conversion, not a search engine.
 *
 * Like Elasticsearch, it reads the whole query against the mapping before looking at any document, so
 * a query Elasticsearch would reject (`search_failed`) fails whatever the document holds; anything
 * outside the modelled subset throws `unsupported`.
 */
export function compileDsl(
  query: JsonValue,
  fields: Readonly<Record<string, string>>,
): (doc: unknown) => boolean {
  const test = compile(query, { nestedPath: undefined, mapping: interpreterMapping(fields) });
  return (doc) => test(doc);
}

/** `compileDsl(query, fields)(doc)`. */
export function interpretDsl(
  query: JsonValue,
  doc: unknown,
  fields: Readonly<Record<string, string>>,
): boolean {
  return compileDsl(query, fields)(doc);
}

/** What compilation knows about where a clause runs: the nested path entered, the mapping. */
interface Scope {
  readonly nestedPath: string | undefined;
  readonly mapping: InterpreterMapping;
}

/** A compiled clause: true when the (sub-)document matches. */
type Test = (doc: unknown) => boolean;
type Body = { readonly [key: string]: JsonValue };
type QueryKind = (body: JsonValue, scope: Scope) => Test;

const ALWAYS: Test = () => true;
const NEVER: Test = () => false;

/** One compiler per query kind. */
const QUERY_KINDS: Readonly<Record<string, QueryKind>> = {
  bool: (body, scope) => compileBool(asBody(body, "bool"), scope),
  match_all: () => ALWAYS,
  match_none: () => NEVER,
  term: (body, scope) => {
    const [field, spec] = singleField(body, "term");
    const { value, case_insensitive } = isBody(spec) ? spec : { value: spec, case_insensitive: false };
    return equality(field, value ?? null, case_insensitive === true, false, scope);
  },
  terms: (body, scope) => {
    const [field, values] = singleField(body, "terms");
    if (!Array.isArray(values)) throw unsupported("terms without a value list");
    return anyTest(values.map((value) => equality(field, value, false, false, scope)));
  },
  match: (body, scope) => matchQuery(body, "match", scope),
  // Phrase and plain matching agree on the untokenised types this interpreter supports.
  match_phrase: (body, scope) => matchQuery(body, "match_phrase", scope),
  multi_match: (body, scope) => {
    const { query, fields, lenient } = asBody(body, "multi_match");
    const names = fields === undefined ? scope.mapping.leafFields : expandAll(fields, scope);
    return anyTest(names.map((field) => equality(field, query ?? null, false, lenient === true, scope)));
  },
  wildcard: (body, scope) => {
    const [field, spec] = singleField(body, "wildcard");
    const { value, case_insensitive } = isBody(spec) ? spec : { value: spec, case_insensitive: false };
    if (typeof value !== "string") throw unsupported("wildcard without a string value");
    const typed = typedField(field, scope);
    if (typed === undefined) return NEVER;
    if (!typed.ops.text) throw failed(`wildcard query on ${field}, a ${typed.type} field`);
    const matches = wildcardMatcher(value, case_insensitive === true);
    return (doc) => typed.values(doc).some((indexed) => matches(indexed as string));
  },
  query_string: (body, scope) => compileQueryString(asBody(body, "query_string"), scope),
  range: (body, scope) => {
    const [field, spec] = singleField(body, "range");
    if (!isBody(spec)) throw unsupported("range without bounds");
    const typed = typedField(field, scope);
    if (typed === undefined) return NEVER;
    const tests = Object.entries(spec)
      .filter(([key]) => own(RANGE_TESTS, key) !== undefined)
      .map(([op, bound]) => {
        const key = typed.ops.bound(bound);
        if (key === REJECT)
          throw failed(`range bound ${JSON.stringify(bound)} on ${field}, a ${typed.type} field`);
        return (indexed: unknown) => own(RANGE_TESTS, op)?.(typed.ops.compare(indexed, key)) ?? false;
      });
    return (doc) => typed.values(doc).some((indexed) => tests.every((test) => test(indexed)));
  },
  exists: (body, scope) => {
    const { field } = asBody(body, "exists");
    if (typeof field !== "string") throw unsupported("exists without a field name");
    return anyTest(expandFieldName(field, scope.mapping, true).map((name) => existence(name, scope)));
  },
  nested: (body, scope) => {
    const { path, query, ignore_unmapped } = asBody(body, "nested");
    if (typeof path !== "string" || query === undefined) throw unsupported("nested without path or query");
    if (scope.mapping.types.get(path) !== "nested") {
      if (ignore_unmapped === true) return NEVER;
      throw failed(`[nested] nested object under path [${path}] is not of nested type`);
    }
    const inner = compile(query, { nestedPath: path, mapping: scope.mapping });
    return (doc) => nestedElements(doc, path).some(inner);
  },
};

const RANGE_TESTS: Readonly<Record<string, (order: number) => boolean>> = {
  gt: (order) => order > 0,
  gte: (order) => order >= 0,
  lt: (order) => order < 0,
  lte: (order) => order <= 0,
};

function compile(query: JsonValue, scope: Scope): Test {
  const [kind, ...extra] = isBody(query) ? Object.keys(query) : [];
  if (kind === undefined || extra.length > 0 || !isBody(query))
    throw unsupported("a query must be an object with one key");
  const compiler = own(QUERY_KINDS, kind);
  if (!compiler) throw unsupported(`query kind ${kind}`);
  return compiler(query[kind] ?? null, scope);
}

function anyTest(tests: readonly Test[]): Test {
  return (doc) => tests.some((test) => test(doc));
}

function compileBool(body: Body, scope: Scope): Test {
  const clauses = (key: string): Test[] => {
    const value = body[key];
    const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
    return list.map((clause) => compile(clause, scope));
  };
  const required = [...clauses("must"), ...clauses("filter")];
  const excluded = clauses("must_not");
  const should = clauses("should");
  // Elasticsearch's default: with no must/filter clause at least one should clause has to match.
  const minimum = minimumShouldMatch(
    body.minimum_should_match,
    required.length === 0 && should.length > 0 ? 1 : 0,
  );
  return (doc) =>
    required.every((test) => test(doc)) &&
    !excluded.some((test) => test(doc)) &&
    should.filter((test) => test(doc)).length >= minimum;
}

function minimumShouldMatch(value: JsonValue | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === "string" && /^\d+$/.test(value)) return Number(value);
  throw unsupported(`minimum_should_match ${JSON.stringify(value)}`);
}

function matchQuery(body: JsonValue, kind: string, scope: Scope): Test {
  const [field, spec] = singleField(body, kind);
  const value = isBody(spec) ? spec.query : spec;
  return equality(field, value ?? null, false, false, scope);
}

/** Term-level equality on one field; a value the type cannot read fails the search unless lenient. */
function equality(
  field: string,
  value: JsonValue,
  caseInsensitive: boolean,
  lenient: boolean,
  scope: Scope,
): Test {
  if (lenient && !modelled(field, scope)) return unsupportedWhenPresent(field);
  const typed = typedField(field, scope);
  if (typed === undefined) return NEVER;
  if (value === null) {
    if (lenient) return NEVER;
    throw failed(`null value for ${field}`);
  }
  if (caseInsensitive && typed.ops.text && typeof value === "string") {
    const wanted = value.toLowerCase();
    return (doc) => typed.values(doc).some((indexed) => (indexed as string).toLowerCase() === wanted);
  }
  const test = typed.ops.equality(value);
  if (test === REJECT) {
    if (lenient) return NEVER;
    throw failed(`${JSON.stringify(value)} on ${field}, a ${typed.type} field`);
  }
  return (doc) => typed.values(doc).some(test);
}

function compileQueryString(body: Body, scope: Scope): Test {
  const { query, fields, lenient } = body;
  if (typeof query !== "string") throw unsupported("query_string without a query");
  const clauses = queryStringClauses(query);
  if (typeof clauses === "string") throw unsupported(`query_string syntax: ${clauses}`);
  // Without fields the search covers every field (default_field *), which Elasticsearch makes lenient.
  const allFields =
    fields === undefined || (Array.isArray(fields) && fields.length === 1 && fields[0] === "*");
  const names = fields === undefined ? scope.mapping.leafFields : expandAll(fields, scope);
  const isLenient = lenient === true || allFields;
  return anyTest(
    names.flatMap((field) =>
      clauses.map((clause): Test => {
        if (clause.kind === "exists") return existence(field, scope);
        if (clause.kind === "plain") return equality(field, clause.text, false, isLenient, scope);
        if (isLenient && !modelled(field, scope)) return unsupportedWhenPresent(field);
        const typed = typedField(field, scope);
        if (typed === undefined) return NEVER;
        if (!typed.ops.text) {
          if (isLenient) return NEVER;
          throw failed(`wildcard in query_string on ${field}, a ${typed.type} field`);
        }
        return (doc) => typed.values(doc).some((indexed) => clause.matches(indexed as string));
      }),
    ),
  );
}

function expandAll(fields: JsonValue, scope: Scope): string[] {
  if (!Array.isArray(fields)) throw unsupported("fields must be a list");
  return fields.flatMap((name) => {
    if (typeof name !== "string") throw unsupported("field names must be strings");
    return expandFieldName(name, scope.mapping, false);
  });
}

interface TypedField {
  readonly type: string;
  readonly ops: TypeOps<unknown>;
  /** The field's indexed values in a document. */
  readonly values: (doc: unknown) => unknown[];
}

/**
 * A mapped leaf field visible in this scope, or `undefined` — not mapped, a path, or hidden under a
 * nested path — for which every comparison matches nothing.
 */
function typedField(field: string, scope: Scope): TypedField | undefined {
  const type = scope.mapping.types.get(field);
  if (type === undefined || type === "nested" || type === "object") return undefined;
  if (hiddenByNesting(field, scope.nestedPath, scope.mapping.nestedPaths)) return undefined;
  const ops = own(TYPE_OPS, type);
  if (!ops) throw unsupported(`field type ${type} (${field})`);
  return {
    type,
    ops,
    values: (doc) =>
      valuesAt(doc, field)
        .map(ops.index)
        .filter((value) => value !== undefined),
  };
}

/** Whether comparisons on a mapped field can be modelled (unmapped fields trivially can: they match nothing). */
function modelled(field: string, scope: Scope): boolean {
  const type = scope.mapping.types.get(field);
  return type === undefined || type === "nested" || type === "object" || type in TYPE_OPS;
}

/**
 * Lenient searches (free text) visit every field; one of a type outside the subset only matters, and
 * only then throws, for a document that has values in it.
 */
function unsupportedWhenPresent(field: string): Test {
  return (doc) => {
    if (valuesAt(doc, field).length > 0) throw unsupported(`a value in ${field} for a lenient search`);
    return false;
  };
}

/** Exists works on every type; where the type is known, only values it could index count. */
function existence(field: string, scope: Scope): Test {
  if (hiddenByNesting(field, scope.nestedPath, scope.mapping.nestedPaths)) return NEVER;
  const ops = own(TYPE_OPS, scope.mapping.types.get(field) ?? "");
  return (doc) => {
    const raw = valuesAt(doc, field);
    return ops ? raw.some((value) => ops.index(value) !== undefined) : raw.length > 0;
  };
}

function isBody(value: JsonValue | undefined): value is Body {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asBody(value: JsonValue, kind: string): Body {
  if (!isBody(value)) throw unsupported(`${kind} body must be an object`);
  return value;
}

/** `{ field: spec }` bodies of term-level and match queries. */
function singleField(value: JsonValue, kind: string): [string, JsonValue] {
  const entries = Object.entries(asBody(value, kind));
  const [entry, ...extra] = entries;
  if (!entry || extra.length > 0) throw unsupported(`${kind} must name exactly one field`);
  return entry;
}

function failed(message: string): DslInterpretError {
  return new DslInterpretError("search_failed", message);
}

function unsupported(what: string): DslInterpretError {
  return new DslInterpretError("unsupported", `not modelled by the DSL interpreter: ${what}`);
}
