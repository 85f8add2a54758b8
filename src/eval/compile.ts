import type {
  ExistsNode,
  FreeTextNode,
  KqlNode,
  LiteralTerm,
  MatchNode,
  NestedNode,
  OrNode,
  RangeNode,
  SourceRange,
} from "../parser/ast.js";
import { termText } from "../parser/ast.js";
import type { FieldInfo } from "../schema/field-info.js";
import type { FieldType } from "../schema/field-types.js";
import { compileNamePattern } from "../schema/name-pattern.js";
import { dynamicField, dynamicTypeOf, type Schema } from "../schema/schema.js";
import { KqlCompileError, type KqlCompileErrorCode } from "./errors.js";
import { OPERATORS } from "./operators/table.js";
import { type Compiled, NEVER, type ValueTest } from "./operators/types.js";
import type { ResolvedOptions } from "./options.js";
import { type Comparison, planComparison, planEqualsAny, planFreeText } from "./plan.js";
import {
  compilePath,
  type FieldPath,
  firstValue,
  type Scalar,
  someLeafWithPath,
  someObject,
  someValue,
  someValueDeep,
} from "./resolve.js";

/** A compiled node: true when the document (the event, or one nested element) matches. */
export type Test = (doc: object) => boolean;

/**
 * An event-dependent failure check: Elasticsearch's reason when it would reject the search for this
 * event, undefined otherwise.
 */
export type Probe = (event: object) => string | undefined;

/**
 * How a comparison leaf reads the event, reported to a `CompileTracer` (explain, coverage). Each target
 * is one source of values the leaf's test ORs over, with the plan the compiler built for it.
 */
export type LeafTarget =
  /** A mapped field: the values at `path` (relative to the document; `deep`: every leaf below) vs `compiled`. */
  | {
      readonly kind: "field";
      readonly field: FieldInfo;
      readonly typed: boolean;
      readonly compiled: Compiled;
      readonly path: FieldPath;
      readonly deep: boolean;
    }
  /** `exists` on an object path: any value below it. */
  | { readonly kind: "object"; readonly name: string; readonly path: FieldPath }
  /** A name the schema does not map, typed per event by its first value in the whole event (spec §5.4). */
  | {
      readonly kind: "dynamic";
      readonly name: string;
      readonly caseless: boolean;
      readonly typed: boolean;
      /** Where the values are read (relative to the document) and where the typing sample is read. */
      readonly path: FieldPath;
      readonly rootPath: FieldPath;
      /** Plan per dynamic type (`keyword`, `long`, `double`, `boolean`). */
      readonly plans: ReadonlyMap<string, Compiled>;
    }
  /** Event keys found by walking the document (free text; field-name patterns over unmapped keys). */
  | {
      readonly kind: "scan";
      readonly typed: boolean;
      /** Prefix of the document's paths (the nested scope). */
      readonly prefix: string;
      readonly enter: (path: string) => boolean;
      /** The fields a leaf at this full path is searched as (none: not searched). */
      readonly fields: (path: string, value: Scalar) => readonly FieldInfo[];
      readonly plan: (field: FieldInfo) => Compiled;
    }
  /** Nothing can match; `reason` says why. */
  | { readonly kind: "none"; readonly name: string; readonly reason: string };

/**
 * Observes one compile (explain, coverage). Absent for `compileQuery`, which then pays nothing. `enter`
 * runs before a node is compiled and `node` after, with the node's test to use (the tracer may wrap it);
 * `leaf` reports how the current comparison reads the event; `element` is called before the inner query
 * of a nested node runs on one element of `doc`.
 */
export interface CompileTracer {
  enter(node: KqlNode): void;
  node(node: KqlNode, test: Test): Test;
  leaf(node: KqlNode, targets: readonly LeafTarget[]): void;
  element(node: NestedNode, doc: object, element: object): void;
}

/** Where a node sits: at the top, or inside the nested group of `path` (field names are relative). */
interface Scope {
  readonly path: string | undefined;
  readonly prefix: string;
}

const ROOT: Scope = { path: undefined, prefix: "" };
const NEVER_TEST: Test = () => false;
const ALWAYS_TEST: Test = () => true;
const ANY_VALUE: ValueTest = () => true;

type FieldNode = MatchNode | ExistsNode | RangeNode;

function comparisonOf(node: FieldNode): Comparison {
  switch (node.type) {
    case "exists":
      return { kind: "exists" };
    case "range":
      return { kind: "range", op: node.op, value: rangeBound(node) };
    case "match":
      return node.value.kind === "wildcard"
        ? { kind: "pattern", parts: node.value.parts }
        : { kind: "match", value: node.value };
  }
}

/** A range bound is one literal: a `*` in it is text, not a wildcard (spec §3). */
export function rangeBound(node: RangeNode): LiteralTerm {
  const value = node.value;
  return value.kind === "literal"
    ? value
    : { kind: "literal", value: termText(value), quoted: false, range: value.range };
}

/** Value tests read the field's values; types whose values are objects read every leaf below. */
function readsLeaves(type: FieldType): boolean {
  return type === "flattened" || type === "geo_point";
}

/**
 * Turns a KQL tree into a predicate once; evaluating an event then only walks field paths and runs the
 * pre-built comparisons. Everything that depends on the query and the schema — which DSL Kibana builds
 * per field (typed or untyped), value parsing, wildcard matchers, value sets, nested checks — is decided
 * here (spec §4.1, §6).
 */
export class Compiler {
  /** Checks run on the whole event before matching: rejections that depend on the event's values. */
  readonly probes: Probe[] = [];
  /** The comparison each probe belongs to (same order as `probes`). */
  readonly probeNodes: KqlNode[] = [];
  /**
   * The event being evaluated. Dynamic mapping types an unmapped field once, by its first value in the
   * whole event, even when the comparison runs on one nested element. Set by the predicate per call.
   */
  event: object = {};
  private readonly schema: Schema;
  /** Kibana's data view: mapped names the query uses outside nested groups (spec §4.1, §6.9). */
  private readonly dataView: ReadonlySet<string>;
  /** The comparison being compiled (the node as written: free text inside a nested group included). */
  private leafNode: KqlNode | undefined;

  constructor(
    private readonly options: ResolvedOptions,
    private readonly query: string | undefined,
    root: KqlNode,
    private readonly tracer?: CompileTracer,
  ) {
    this.schema = options.schema;
    this.dataView = this.collectDataView(root);
  }

  compile(node: KqlNode): Test {
    return this.node(node, ROOT);
  }

  private collectDataView(root: KqlNode): Set<string> {
    const names = new Set<string>();
    const visit = (node: KqlNode): void => {
      switch (node.type) {
        case "and":
        case "or":
          node.args.forEach(visit);
          return;
        case "not":
          visit(node.arg);
          return;
        case "match":
        case "exists":
        case "range": {
          if (node.field.kind === "wildcard") {
            for (const name of this.schema.expand(node.field.parts)) names.add(name);
            return;
          }
          const res = this.schema.resolve(termText(node.field));
          if (res.kind === "field" && res.field.inDataView) names.add(res.field.name);
          return;
        }
        default:
          // Nested groups contribute their path only, which is never a data-view field.
          return;
      }
    };
    visit(root);
    return names;
  }

  /** Throws; the range is the node's (the value, for comparisons) or a term's when the name is at fault. */
  private fail(
    code: KqlCompileErrorCode,
    detail: string,
    at: { readonly range: SourceRange },
    field?: string,
  ): never {
    throw new KqlCompileError(code, detail, {
      range: at.range,
      ...(field !== undefined && { field }),
      ...(this.query !== undefined && { query: this.query }),
    });
  }

  private node(node: KqlNode, scope: Scope): Test {
    if (!this.tracer) return this.untraced(node, scope);
    this.tracer.enter(node);
    return this.tracer.node(node, this.untraced(node, scope));
  }

  private addProbe(probe: Probe): void {
    this.probes.push(probe);
    this.probeNodes.push(this.leafNode as KqlNode);
  }

  private report(...targets: LeafTarget[]): void {
    if (this.tracer && this.leafNode) this.tracer.leaf(this.leafNode, targets);
  }

  private untraced(node: KqlNode, scope: Scope): Test {
    if (node.type === "match" || node.type === "exists" || node.type === "range" || node.type === "freeText")
      this.leafNode = node;
    switch (node.type) {
      case "matchAll":
        return ALWAYS_TEST;
      case "not": {
        const inner = this.node(node.arg, scope);
        return (doc) => !inner(doc);
      }
      case "and": {
        const args = node.args.map((arg) => this.node(arg, scope));
        return (doc) => {
          for (const arg of args) if (!arg(doc)) return false;
          return true;
        };
      }
      case "or":
        return this.or(node, scope);
      case "nested":
        return this.nested(node, scope);
      case "freeText":
        return this.freeText(node, scope);
      case "match":
      case "exists":
      case "range":
        return this.fieldNode(node, scope);
    }
  }

  /** OR, with plain values on one field gathered into a single lookup (a value list). */
  private or(node: OrNode, scope: Scope): Test {
    const groups = new Map<
      string,
      { field: FieldInfo; typed: boolean; values: LiteralTerm[]; nodes: MatchNode[] }
    >();
    const others: KqlNode[] = [];
    for (const arg of node.args) {
      const candidate = this.setCandidate(arg, scope);
      if (!candidate) {
        others.push(arg);
        continue;
      }
      const group = groups.get(candidate.field.name);
      if (group) {
        group.values.push(candidate.node.value as LiteralTerm);
        group.nodes.push(candidate.node);
      } else {
        groups.set(candidate.field.name, {
          ...candidate,
          values: [candidate.node.value as LiteralTerm],
          nodes: [candidate.node],
        });
      }
    }
    const tests: Test[] = [];
    for (const group of groups.values()) {
      const compiled =
        group.nodes.length > 1
          ? planEqualsAny(group.field, group.values, group.typed, this.options.plan)
          : undefined;
      if (compiled && compiled.kind !== "reject") {
        const lookup = this.valueTest(group.field, compiled, scope);
        if (this.tracer) {
          // One lookup answers every value at once: trace each value as its own comparison.
          const members = group.nodes.map((member) => this.node(member, scope));
          tests.push((doc) => {
            for (const member of members) member(doc);
            return lookup(doc);
          });
        } else tests.push(lookup);
      } else {
        others.push(...group.nodes);
      }
    }
    for (const arg of others) tests.push(this.node(arg, scope));
    if (tests.length === 1) return tests[0] as Test;
    return (doc) => {
      for (const t of tests) if (t(doc)) return true;
      return false;
    };
  }

  private setCandidate(
    arg: KqlNode,
    scope: Scope,
  ): { field: FieldInfo; typed: boolean; node: MatchNode } | undefined {
    if (arg.type !== "match" || arg.field.kind !== "literal" || arg.value.kind !== "literal")
      return undefined;
    if (arg.value.value === null) return undefined;
    const res = this.schema.resolve(scope.prefix + termText(arg.field));
    if (res.kind !== "field") return undefined;
    const field = res.field;
    if (field.type === "object" || field.type === "nested" || !OPERATORS[field.type].equalsAny)
      return undefined;
    // Fields in another nested document are compiled on their own (they fail or never match).
    if (field.nestedPath !== scope.path) return undefined;
    return { field, typed: this.isTyped(field, scope), node: arg };
  }

  /** Typed conversion for this name (spec §4.1): it is in the data view. */
  private isTyped(field: FieldInfo, scope: Scope): boolean {
    return scope.path === undefined ? field.inDataView : this.dataView.has(field.name);
  }

  private relative(path: string, scope: Scope): FieldPath {
    return compilePath(
      scope.prefix !== "" && path.startsWith(scope.prefix) ? path.slice(scope.prefix.length) : path,
    );
  }

  private reportField(field: FieldInfo, typed: boolean, compiled: Compiled, scope: Scope): void {
    if (!this.tracer) return;
    const path = this.relative(field.valuePath, scope);
    this.report({ kind: "field", field, typed, compiled, path, deep: readsLeaves(field.type) });
  }

  private valueTest(field: FieldInfo, compiled: Compiled, scope: Scope): Test {
    if (compiled.kind !== "test") return NEVER_TEST;
    const path = this.relative(field.valuePath, scope);
    const test = compiled.test;
    return readsLeaves(field.type)
      ? (doc) => someValueDeep(doc, path, test)
      : (doc) => someValue(doc, path, test);
  }

  private fieldNode(node: FieldNode, scope: Scope): Test {
    const cmp = comparisonOf(node);
    if (cmp.kind === "match" && cmp.value.value === null) {
      // Kibana sends an unquoted null as a JSON null; Elasticsearch refuses such a query whatever the field.
      this.fail("KQL_ES_REJECTS_QUERY", "an unquoted null value (quote it to search the text null)", node);
    }
    if (node.field.kind === "wildcard") {
      const parts = [scope.prefix + (node.field.parts[0] ?? ""), ...node.field.parts.slice(1)];
      return this.fieldPattern(node, parts, cmp, scope);
    }
    const name = scope.prefix + termText(node.field);
    const res = this.schema.resolve(name);
    switch (res.kind) {
      case "field":
        return this.mappedField(node, res.field, cmp, scope);
      case "object":
        if (cmp.kind !== "exists" || res.nestedPath !== scope.path) {
          this.report({
            kind: "none",
            name,
            reason:
              cmp.kind !== "exists"
                ? `${name} is an object path: it holds fields, not values (only ${name}:* can match)`
                : `${name} lies under the nested path ${res.nestedPath}: query it inside ${res.nestedPath}:{ … }`,
          });
          return NEVER_TEST;
        }
        return this.objectExists(res.path, scope);
      case "nested":
        // The elements are separate hidden documents: nothing below is visible from here (spec §5.3).
        this.report({
          kind: "none",
          name,
          reason: `${name} is mapped nested: its elements are separate documents, query them inside ${name}:{ … }`,
        });
        return NEVER_TEST;
      case "unmapped":
        return this.unmappedField(name, res.nestedPath, cmp, scope);
    }
  }

  private mappedField(node: FieldNode, field: FieldInfo, cmp: Comparison, scope: Scope): Test {
    const typed = this.isTyped(field, scope);
    if (typed) this.checkNestedGroup(node, field, scope);
    else if (field.nestedPath !== scope.path) {
      this.report({
        kind: "none",
        name: field.name,
        reason: outsideNestedGroup(field.name, field.nestedPath),
      });
      return NEVER_TEST;
    }
    const compiled = planComparison(field, cmp, typed, this.options.plan);
    if (compiled.kind === "reject") this.fail("KQL_ES_REJECTS_QUERY", compiled.reason, node, field.name);
    this.reportField(field, typed, compiled, scope);
    return this.valueTest(field, compiled, scope);
  }

  /** Kibana's nested checks for data-view fields (spec §4.1, §6.9). */
  private checkNestedGroup(node: FieldNode, field: FieldInfo, scope: Scope): void {
    if (field.nestedPath === scope.path) return;
    if (scope.path === undefined) {
      this.fail(
        "KQL_NESTED_FIELD_OUTSIDE_GROUP",
        `${field.name} is a nested field, but is not in a nested group in the KQL expression.`,
        node.field,
        field.name,
      );
    }
    if (field.nestedPath === undefined) {
      this.fail(
        "KQL_NESTED_FIELD_WRONG_GROUP",
        `${field.name} is not a nested field but is in nested group "${scope.path}" in the KQL expression.`,
        node.field,
        field.name,
      );
    }
    this.fail(
      "KQL_NESTED_FIELD_WRONG_GROUP",
      `Nested field ${field.name} is being queried with the incorrect nested path. The correct path is ${field.nestedPath}.`,
      node.field,
      field.name,
    );
  }

  /** `exists` on an object path: some field below it has a value (spec §6.5). */
  private objectExists(path: string, scope: Scope): Test {
    const fieldPath = this.relative(path, scope);
    this.report({ kind: "object", name: path, path: fieldPath });
    return (doc) => someValueDeep(doc, fieldPath, ANY_VALUE);
  }

  /**
   * A name the schema does not map. By default it is typed per event from its first value (dynamic
   * mapping, spec §5.4); values of a type the query cannot take make the search fail for that event.
   */
  private unmappedField(name: string, nestedPath: string | undefined, cmp: Comparison, scope: Scope): Test {
    if (!this.options.dynamic || nestedPath !== scope.path) {
      this.report({
        kind: "none",
        name,
        reason: !this.options.dynamic
          ? `${name} is not in the schema, and a strict mapping matches nothing there`
          : outsideNestedGroup(name, nestedPath),
      });
      return NEVER_TEST;
    }
    let valueName = name;
    let caseless = false;
    if (name.endsWith(".caseless")) {
      const parent = name.slice(0, -".caseless".length);
      if (this.schema.resolve(parent).kind === "unmapped") {
        valueName = parent;
        caseless = true;
      }
    }
    // Names inside nested groups are not in Kibana's data view: converted untyped (spec §6.9).
    const typed = scope.path === undefined;
    const plans = new Map<string, Compiled>();
    for (const sample of ["", 1, 1.5, true] as const) {
      const base = dynamicField(name, sample, nestedPath) as FieldInfo;
      const field = caseless ? { ...base, valuePath: valueName, normalizer: "lowercase" as const } : base;
      // Only keyword fields have a `.caseless` view; for other types the name is simply not there.
      const plan =
        caseless && field.type !== "keyword" ? NEVER : planComparison(field, cmp, typed, this.options.plan);
      plans.set(field.type, plan);
    }
    const relPath = this.relative(valueName, scope);
    const rootPath = compilePath(valueName);
    if ([...plans.values()].some((p) => p.kind === "reject")) {
      this.addProbe((event) => {
        const type = dynamicTypeOf(firstValue(event, rootPath));
        const plan = type === undefined ? undefined : plans.get(type);
        return plan?.kind === "reject"
          ? `${plan.reason} (${name} is mapped ${type} by this event)`
          : undefined;
      });
    }
    this.report({ kind: "dynamic", name, caseless, typed, path: relPath, rootPath, plans });
    const exists = cmp.kind === "exists";
    return (doc) => {
      const sample = firstValue(this.event, rootPath);
      // No value at the name, or an object: only `exists` can match, on values below it. Dotted keys
      // (`{"a.b": 1}`) put values below a name that holds nothing itself (found by test/fuzz-eval).
      if (sample === undefined || typeof sample === "object")
        return exists && !caseless && someValueDeep(doc, relPath, ANY_VALUE);
      const type = dynamicTypeOf(sample);
      if (type === undefined || (caseless && type !== "keyword")) return false;
      const plan = plans.get(type);
      return plan?.kind === "test" && someValue(doc, relPath, plan.test);
    };
  }

  /**
   * A field-name pattern (spec §6.8). Outside nested groups Kibana expands it over the mapping and builds
   * one typed query per field (a field under a nested path gets its own nested query, which for a single
   * field is the same as searching all its elements); one field that cannot take the value fails the
   * search. Inside a nested group the pattern is sent untyped: `exists` and `query_string` expand it in
   * Elasticsearch, `match` and `range` look for a field literally named with the asterisk.
   */
  private fieldPattern(node: FieldNode, parts: readonly string[], cmp: Comparison, scope: Scope): Test {
    const typed = scope.path === undefined;
    if (!typed && (cmp.kind === "match" || cmp.kind === "range")) {
      this.report({
        kind: "none",
        name: parts.join("*"),
        reason: `inside a nested group a field-name pattern is sent untyped: ${cmp.kind} looks for a field literally named ${parts.join("*")}`,
      });
      return NEVER_TEST;
    }
    const names = this.schema.expand(parts);
    const lenient = !typed && parts.length === 2 && parts[0] === scope.prefix && parts[1] === "";
    const tests: Test[] = [];
    for (const name of names) {
      const res = this.schema.resolve(name);
      if (res.kind !== "field") continue;
      const field = res.field;
      if (!typed && field.nestedPath !== scope.path) continue;
      const compiled = planComparison(field, cmp, typed, this.options.plan);
      if (compiled.kind === "reject") {
        if (typed)
          this.fail("KQL_ES_REJECTS_QUERY", `${compiled.reason} (reached by the field pattern)`, node, name);
        if (!lenient) this.probeHasValue(field, compiled.reason);
        continue;
      }
      this.reportField(field, typed, compiled, scope);
      tests.push(this.valueTest(field, compiled, scope));
    }
    if (this.options.dynamic)
      tests.push(this.eventFieldsMatchingPattern(parts, new Set(names), cmp, typed, lenient, scope));
    if (tests.length === 0) return NEVER_TEST;
    return (doc) => {
      for (const t of tests) if (t(doc)) return true;
      return false;
    };
  }

  /** Untyped query_string expansion fails on a non-string field that has values (spec §6.8). */
  private probeHasValue(field: FieldInfo, reason: string): void {
    const path = compilePath(field.valuePath);
    const why = `${reason} (${field.name} has a value and the pattern reaches it)`;
    this.addProbe((event) => (someValue(event, path, ANY_VALUE) ? why : undefined));
  }

  /**
   * The event's own keys that a pattern reaches but the schema does not list (dynamically mapped fields,
   * sub-keys of `object_type` objects and `*`-pattern fields): typed per event, and checked by a probe
   * for values the query cannot take.
   */
  private eventFieldsMatchingPattern(
    parts: readonly string[],
    known: ReadonlySet<string>,
    cmp: Comparison,
    typed: boolean,
    lenient: boolean,
    scope: Scope,
  ): Test {
    const matches = compileNamePattern(parts);
    const literal = parts[0] ?? "";
    const plans = new Map<string, Compiled>();
    const planFor = (field: FieldInfo): Compiled => {
      const key = `${field.name}\u0000${field.type}`;
      let plan = plans.get(key);
      if (!plan) {
        plan = planComparison(field, cmp, typed, this.options.plan);
        plans.set(key, plan);
      }
      return plan;
    };
    const fieldAt = (path: string, value: Scalar): FieldInfo | undefined => {
      if (known.has(path) || !matches(path)) return undefined;
      const res = this.schema.resolve(path);
      if (res.kind === "field") return res.field.origin === "flattened-key" ? undefined : res.field;
      if (res.kind !== "unmapped") return undefined;
      return dynamicField(path, value, res.nestedPath);
    };
    const under = (path: string) => path.startsWith(literal) || literal.startsWith(path);
    const enter = (prefix: string) => (path: string) => under(prefix + path);
    const scopePrefix = scope.prefix;
    const visible = (field: FieldInfo) => typed || field.nestedPath === scope.path;
    if (!lenient) {
      this.addProbe((event) => {
        let why: string | undefined;
        someLeafWithPath(
          event,
          (path, value) => {
            const field = fieldAt(path, value);
            const plan = field !== undefined && visible(field) ? planFor(field) : undefined;
            if (plan?.kind === "reject") why = `${plan.reason} (reached by the field pattern)`;
            return why !== undefined;
          },
          enter(""),
        );
        return why;
      });
    }
    if (this.tracer) {
      this.report({
        kind: "scan",
        typed,
        prefix: scopePrefix,
        enter: enter(scopePrefix),
        fields: (path, value) => {
          const field = fieldAt(path, value);
          return field !== undefined && visible(field) ? [field] : [];
        },
        plan: planFor,
      });
    }
    return (doc) =>
      someLeafWithPath(
        doc,
        (path, value) => {
          const field = fieldAt(scopePrefix + path, value);
          if (field === undefined || !visible(field)) return false;
          const plan = planFor(field);
          return plan.kind === "test" && plan.test(value);
        },
        enter(scopePrefix),
      );
  }

  /** `path:{ query }`: some element of the nested path satisfies the whole query (spec §6.9). */
  private nested(node: NestedNode, scope: Scope): Test {
    const path = scope.prefix + termText(node.path);
    if (node.path.kind !== "literal" || !this.schema.isNested(path)) {
      this.fail(
        "KQL_NOT_A_NESTED_PATH",
        `[nested] nested object under path [${path}] is not of nested type`,
        node.path,
        path,
      );
    }
    const inner = this.node(node.query, { path, prefix: `${path}.` });
    const elements = this.relative(path, scope);
    const tracer = this.tracer;
    if (tracer) {
      return (doc) =>
        someObject(doc, elements, (element) => {
          tracer.element(node, doc, element);
          return inner(element);
        });
    }
    return (doc) => someObject(doc, elements, inner);
  }

  /**
   * Free text (spec §6.7): every searchable field of the document, each compared by its own type,
   * leniently. Inside a nested group Kibana sends it against the field `<path>.null`.
   */
  private freeText(node: FreeTextNode, scope: Scope): Test {
    if (scope.path !== undefined) {
      const field: LiteralTerm = { kind: "literal", value: "null", quoted: false, range: node.range };
      return this.fieldNode({ type: "match", field, value: node.value, range: node.range }, scope);
    }
    const value = node.value;
    if (value.kind === "literal" && value.value === null) {
      this.fail("KQL_ES_REJECTS_QUERY", "an unquoted null value (quote it to search the text null)", node);
    }
    const cmp: Extract<Comparison, { kind: "match" | "pattern" }> =
      value.kind === "wildcard" ? { kind: "pattern", parts: value.parts } : { kind: "match", value };
    const plans = new Map<string, Compiled>();
    const planFor = (field: FieldInfo): Compiled => {
      const key = `${field.name}\u0000${field.type}`;
      let plan = plans.get(key);
      if (!plan) {
        plan = planFreeText(field, cmp, this.options.plan);
        plans.set(key, plan);
      }
      return plan;
    };
    const schema = this.schema;
    const dynamic = this.options.dynamic;
    const matchesLeaf = (path: string, leaf: Scalar): boolean => {
      const res = schema.resolve(path);
      let fields: FieldInfo[];
      if (res.kind === "field") fields = [res.field, ...schema.multiFields(path)];
      else if (res.kind === "unmapped" && dynamic) {
        const field = dynamicField(path, leaf, res.nestedPath);
        fields = field ? [field] : [];
      } else return false;
      for (const field of fields) {
        const plan = planFor(field);
        if (plan.kind === "test" && plan.test(leaf)) return true;
      }
      return false;
    };
    // Sub-fields of nested paths are separate documents: free text does not search them.
    const enter = (path: string) => !schema.isNested(path);
    if (this.tracer) {
      const fields = (path: string, leaf: Scalar): readonly FieldInfo[] => {
        const res = schema.resolve(path);
        if (res.kind === "field") return [res.field, ...schema.multiFields(path)];
        const field =
          res.kind === "unmapped" && dynamic ? dynamicField(path, leaf, res.nestedPath) : undefined;
        return field ? [field] : [];
      };
      this.report({ kind: "scan", typed: false, prefix: "", enter, fields, plan: planFor });
    }
    return (doc) => someLeafWithPath(doc, matchesLeaf, enter);
  }
}

function outsideNestedGroup(name: string, nestedPath: string | undefined): string {
  return nestedPath === undefined
    ? `${name} is not under a nested path, so a nested group cannot reach it`
    : `${name} lies under the nested path ${nestedPath}: only ${nestedPath}:{ … } can reach it`;
}
