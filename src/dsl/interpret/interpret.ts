import type { JsonValue } from "../types.js";
import { hiddenByNesting, nestedElements, valuesAt } from "./document.js";
import { DslInterpretError } from "./errors.js";
import { REJECT, TYPE_OPS, type TypeOps } from "./field-types.js";
import { expandFieldName, type InterpreterMapping, interpreterMapping } from "./mapping.js";
import { queryStringClauses, wildcardMatcher } from "./patterns.js";

/**
 * A small interpreter of the Elasticsearch DSL that the conversion emits, run on one JSON document: the
 * `bool` structure, `term(s)`, `match`, `match_phrase`, `multi_match`, `wildcard`, `query_string` (spec
 * 6.4 split), `range`, `exists`, `match_all`/`match_none` and `nested`, over keyword-like, integer, ip and
 * boolean fields. It is a test oracle for the conversion, not a search engine: anything outside that
 * subset throws `unsupported`; what Elasticsearch would reject throws `search_failed`.
 */
export function interpretDsl(
  query: JsonValue,
  doc: unknown,
  fields: Readonly<Record<string, string>>,
): boolean {
  return evaluate(query, { doc, nestedPath: undefined, mapping: interpreterMapping(fields) });
}

/** Where a clause is evaluated: the (sub-)document, the nested path entered, the mapping. */
interface Scope {
  readonly doc: unknown;
  readonly nestedPath: string | undefined;
  readonly mapping: InterpreterMapping;
}

type Body = { readonly [key: string]: JsonValue };
type QueryKind = (body: JsonValue, scope: Scope) => boolean;

/** One evaluator per query kind. */
const QUERY_KINDS: Readonly<Record<string, QueryKind>> = {
  bool: (body, scope) => evaluateBool(asBody(body, "bool"), scope),
  match_all: () => true,
  match_none: () => false,
  term: (body, scope) => {
    const [field, spec] = singleField(body, "term");
    const { value, case_insensitive } = isBody(spec) ? spec : { value: spec, case_insensitive: false };
    return equalsAny(field, value ?? null, case_insensitive === true, false, scope);
  },
  terms: (body, scope) => {
    const [field, values] = singleField(body, "terms");
    if (!Array.isArray(values)) throw unsupported("terms without a value list");
    return values.some((value) => equalsAny(field, value, false, false, scope));
  },
  match: (body, scope) => matchQuery(body, "match", scope),
  // Phrase and plain matching agree on the untokenised types this interpreter supports.
  match_phrase: (body, scope) => matchQuery(body, "match_phrase", scope),
  multi_match: (body, scope) => {
    const { query, fields, lenient } = asBody(body, "multi_match");
    const names = fields === undefined ? scope.mapping.leafFields : expandAll(fields, scope);
    return names.some((field) => equalsAny(field, query ?? null, false, lenient === true, scope));
  },
  wildcard: (body, scope) => {
    const [field, spec] = singleField(body, "wildcard");
    const { value, case_insensitive } = isBody(spec) ? spec : { value: spec, case_insensitive: false };
    if (typeof value !== "string") throw unsupported("wildcard without a string value");
    const matches = wildcardMatcher(value, case_insensitive === true);
    const typed = typedValues(field, scope);
    if (typed === undefined) return false;
    if (!typed.ops.text) throw failed(`wildcard query on ${field}, a ${typed.type} field`);
    return typed.values.some((indexed) => matches(indexed as string));
  },
  query_string: (body, scope) => queryString(asBody(body, "query_string"), scope),
  range: (body, scope) => {
    const [field, spec] = singleField(body, "range");
    if (!isBody(spec)) throw unsupported("range without bounds");
    const typed = typedValues(field, scope);
    if (typed === undefined) return false;
    const tests = Object.entries(spec)
      .filter(([key]) => key in RANGE_TESTS)
      .map(([op, bound]) => {
        const key = typed.ops.bound(bound);
        if (key === REJECT)
          throw failed(`range bound ${JSON.stringify(bound)} on ${field}, a ${typed.type} field`);
        return (indexed: unknown) => RANGE_TESTS[op]?.(typed.ops.compare(indexed, key)) ?? false;
      });
    return typed.values.some((indexed) => tests.every((test) => test(indexed)));
  },
  exists: (body, scope) => {
    const { field } = asBody(body, "exists");
    if (typeof field !== "string") throw unsupported("exists without a field name");
    return expandFieldName(field, scope.mapping, true).some((name) => hasValues(name, scope));
  },
  nested: (body, scope) => {
    const { path, query, ignore_unmapped } = asBody(body, "nested");
    if (typeof path !== "string" || query === undefined) throw unsupported("nested without path or query");
    if (scope.mapping.types.get(path) !== "nested") {
      if (ignore_unmapped === true) return false;
      throw failed(
        `[nested] failed to create query: [nested] nested object under path [${path}] is not of nested type`,
      );
    }
    return nestedElements(scope.doc, path).some((element) =>
      evaluate(query, { doc: element, nestedPath: path, mapping: scope.mapping }),
    );
  },
};

const RANGE_TESTS: Readonly<Record<string, (order: number) => boolean>> = {
  gt: (order) => order > 0,
  gte: (order) => order >= 0,
  lt: (order) => order < 0,
  lte: (order) => order <= 0,
};

function evaluate(query: JsonValue, scope: Scope): boolean {
  const [kind, ...extra] = isBody(query) ? Object.keys(query) : [];
  if (kind === undefined || extra.length > 0 || !isBody(query))
    throw unsupported("a query must be an object with one key");
  const evaluator = QUERY_KINDS[kind];
  if (!evaluator) throw unsupported(`query kind ${kind}`);
  return evaluator(query[kind] ?? null, scope);
}

function evaluateBool(body: Body, scope: Scope): boolean {
  const clauses = (key: string): JsonValue[] => {
    const value = body[key];
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
  };
  const required = [...clauses("must"), ...clauses("filter")];
  const should = clauses("should");
  // Elasticsearch's default: with no must/filter clause at least one should clause has to match.
  const minimum = minimumShouldMatch(
    body.minimum_should_match,
    required.length === 0 && should.length > 0 ? 1 : 0,
  );
  return (
    required.every((clause) => evaluate(clause, scope)) &&
    !clauses("must_not").some((clause) => evaluate(clause, scope)) &&
    should.filter((clause) => evaluate(clause, scope)).length >= minimum
  );
}

function minimumShouldMatch(value: JsonValue | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === "string" && /^\d+$/.test(value)) return Number(value);
  throw unsupported(`minimum_should_match ${JSON.stringify(value)}`);
}

function matchQuery(body: JsonValue, kind: string, scope: Scope): boolean {
  const [field, spec] = singleField(body, kind);
  const value = isBody(spec) ? spec.query : spec;
  return equalsAny(field, value ?? null, false, false, scope);
}

/** Term-level equality on one field; a value the type cannot read fails the search unless lenient. */
function equalsAny(
  field: string,
  value: JsonValue,
  caseInsensitive: boolean,
  lenient: boolean,
  scope: Scope,
): boolean {
  if (value === null) {
    if (lenient) return false;
    throw failed(`null value for ${field}`);
  }
  const typed = typedValues(field, scope);
  if (typed === undefined) return false;
  if (caseInsensitive && typed.ops.text && typeof value === "string") {
    const wanted = value.toLowerCase();
    return typed.values.some((indexed) => (indexed as string).toLowerCase() === wanted);
  }
  const test = typed.ops.equality(value);
  if (test === REJECT) {
    if (lenient) return false;
    throw failed(`${JSON.stringify(value)} on ${field}, a ${typed.type} field`);
  }
  return typed.values.some(test);
}

function queryString(body: Body, scope: Scope): boolean {
  const { query, fields, lenient } = body;
  if (typeof query !== "string") throw unsupported("query_string without a query");
  const clauses = queryStringClauses(query);
  if (typeof clauses === "string") throw unsupported(`query_string syntax: ${clauses}`);
  // Without fields the search covers every field (default_field *), which Elasticsearch makes lenient.
  const allFields =
    fields === undefined || (Array.isArray(fields) && fields.length === 1 && fields[0] === "*");
  const names = fields === undefined ? scope.mapping.leafFields : expandAll(fields, scope);
  const isLenient = lenient === true || allFields;
  return names.some((field) =>
    clauses.some((clause) => {
      if (clause.kind === "exists") return hasValues(field, scope);
      if (clause.kind === "plain") return equalsAny(field, clause.text, false, isLenient, scope);
      const typed = typedValues(field, scope);
      if (typed === undefined) return false;
      if (typed.ops.text) return typed.values.some((indexed) => clause.matches(indexed as string));
      if (isLenient) return false;
      throw failed(`wildcard in query_string on ${field}, a ${typed.type} field`);
    }),
  );
}

function expandAll(fields: JsonValue, scope: Scope): string[] {
  if (!Array.isArray(fields)) throw unsupported("fields must be a list");
  return fields.flatMap((name) => {
    if (typeof name !== "string") throw unsupported("field names must be strings");
    return expandFieldName(name, scope.mapping, false);
  });
}

interface TypedValues {
  readonly type: string;
  readonly ops: TypeOps<unknown>;
  readonly values: unknown[];
}

/**
 * A field's indexed values in this scope, or `undefined` when it is not a mapped leaf or is hidden under
 * a nested path: such comparisons match nothing.
 */
function typedValues(field: string, scope: Scope): TypedValues | undefined {
  const type = scope.mapping.types.get(field);
  if (type === undefined || type === "nested" || type === "object") return undefined;
  if (hiddenByNesting(field, scope.nestedPath, scope.mapping.nestedPaths)) return undefined;
  const raw = valuesAt(scope.doc, field);
  const ops = TYPE_OPS[type];
  if (!ops) {
    // A field of another type decides nothing while it has no values (free text visits every field).
    if (raw.length === 0) return undefined;
    throw unsupported(`field type ${type} (${field})`);
  }
  const values = raw.map(ops.index).filter((value) => value !== undefined);
  return { type, ops, values };
}

function hasValues(field: string, scope: Scope): boolean {
  if (hiddenByNesting(field, scope.nestedPath, scope.mapping.nestedPaths)) return false;
  const ops = TYPE_OPS[scope.mapping.types.get(field) ?? ""];
  const raw = valuesAt(scope.doc, field);
  // Exists works on every type; where the type is known, only values it could index count.
  return ops ? raw.some((value) => ops.index(value) !== undefined) : raw.length > 0;
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
