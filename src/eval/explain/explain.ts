import type { KqlNode, LiteralTerm, NestedNode, SourceRange } from "../../parser/ast.js";
import { termText } from "../../parser/ast.js";
import { KqlSyntaxError } from "../../parser/errors.js";
import { format } from "../../parser/format.js";
import { parse } from "../../parser/parse.js";
import type { FieldInfo } from "../../schema/field-info.js";
import { dynamicField, dynamicTypeOf } from "../../schema/schema.js";
import {
  Compiler,
  type CompileTracer,
  type LeafTarget,
  type Probe,
  rangeBound,
  type Test,
} from "../compile.js";
import { eventFailure, KqlCompileError } from "../errors.js";
import { checkTreeLimits } from "../limits.js";
import type { Compiled } from "../operators/types.js";
import { type CompileOptions, type ResolvedOptions, resolveOptions } from "../options.js";
import { type FieldPath, firstValue, type Scalar, someLeafWithPath, someValue } from "../resolve.js";
import {
  type ExplainedComparison,
  fieldReason,
  foldsCase,
  indexedForm,
  queryKindOf,
  quote,
  splitNote,
} from "./checks.js";
import type {
  CheckedValue,
  ExplainError,
  ExplainNode,
  Explanation,
  FieldCheck,
  LeafExplanation,
  NestedElement,
} from "./types.js";

/** Options of `explain` / `createExplainer`: the compile options, plus the text a given tree was parsed from. */
export interface ExplainOptions extends CompileOptions {
  /** When the query is a tree: the text its ranges point into (default: the tree formatted, ranges as given). */
  readonly source?: string;
}

/** A query compiled once for explaining many events (what `kuery explain` and rule fixtures use). */
export interface Explainer {
  /** The query text the explanations' ranges point into. */
  readonly query: string;
  /** The parsed tree; undefined when the query does not parse. */
  readonly ast: KqlNode | undefined;
  /** Set when the query cannot run at all (syntax error, or refused for this schema). */
  readonly error: ExplainError | undefined;
  explain(event: object): Explanation;
}

/** Anything that explains an event: an `Explainer`, or a compiled rule's `explain`. */
export interface Explains {
  explain(event: object): Explanation;
}

/**
 * Why `query` does or does not match `event`: a JSON tree mirroring the query with each node's result,
 * short-circuited branches marked not evaluated, and for comparisons the fields read, their indexed
 * values, the value that matched or the reason nothing did. Never throws for a query that does not
 * parse or that Kibana / Elasticsearch would refuse: the explanation carries the error instead.
 * Results are the compiled predicate's own: `explain(q, e).result === compileQuery(q)(e)`.
 *
 * @throws KqlCompileError `KQL_INVALID_OPTION` when an option is invalid (a caller error, not the query's).
 */
export function explain(
  query: string | KqlNode | Explains,
  event: object,
  options: ExplainOptions = {},
): Explanation {
  if (isExplains(query)) return query.explain(event);
  return createExplainer(query, options).explain(event);
}

function isExplains(query: unknown): query is Explains {
  return (
    typeof query === "object" &&
    query !== null &&
    typeof (query as { explain?: unknown }).explain === "function"
  );
}

/** Compiles `query` once for `explain(event)` on many events. */
export function createExplainer(query: string | KqlNode, options: ExplainOptions = {}): Explainer {
  return new TracedQuery(query, options);
}

const EMPTY: object = Object.freeze({});

function docOf(event: unknown): object {
  return event !== null && typeof event === "object" ? event : EMPTY;
}

/**
 * Records what the compiled query did on one event: each node's result per document it ran on (the
 * event, or a nested element), the elements each nested node visited, and (at compile time) how each
 * comparison reads the event. Shared by explain and coverage.
 */
export class Trace implements CompileTracer {
  readonly results = new Map<KqlNode, Map<object, boolean>>();
  readonly elements = new Map<NestedNode, Map<object, object[]>>();
  readonly targets = new Map<KqlNode, LeafTarget[]>();
  /** Nodes being compiled: after a compile error, the last one is the node at fault. */
  readonly compiling: KqlNode[] = [];

  enter(node: KqlNode): void {
    this.compiling.push(node);
  }

  node(node: KqlNode, test: Test): Test {
    this.compiling.pop();
    const results = this.results;
    return (doc) => {
      const result = test(doc);
      let byDoc = results.get(node);
      if (!byDoc) {
        byDoc = new Map();
        results.set(node, byDoc);
      }
      byDoc.set(doc, result);
      return result;
    };
  }

  leaf(node: KqlNode, targets: readonly LeafTarget[]): void {
    const list = this.targets.get(node);
    if (list) list.push(...targets);
    else this.targets.set(node, [...targets]);
  }

  element(node: NestedNode, doc: object, element: object): void {
    let byDoc = this.elements.get(node);
    if (!byDoc) {
      byDoc = new Map();
      this.elements.set(node, byDoc);
    }
    const list = byDoc.get(doc);
    if (list) list.push(element);
    else byDoc.set(doc, [element]);
  }

  /** Forgets the last event's results (compile-time knowledge stays). */
  reset(): void {
    this.results.clear();
    this.elements.clear();
  }
}

/** What one traced run gave: the predicate's answer, or the event-dependent refusal. */
export type RunOutcome =
  | { readonly kind: "result"; readonly result: boolean; readonly doc: object }
  | { readonly kind: "refused"; readonly reason: string; readonly node: KqlNode | undefined };

/** A query compiled with a trace: one compile, then `run(event)` per event. */
export class TracedQuery implements Explainer {
  readonly query: string;
  readonly ast: KqlNode | undefined;
  readonly error: ExplainError | undefined;
  readonly trace = new Trace();
  /** The node a compile-time refusal points at. */
  readonly errorNode: KqlNode | undefined;
  private readonly hasSource: boolean;
  private readonly resolved: ResolvedOptions;
  private readonly compiler: Compiler | undefined;
  private readonly test: Test | undefined;
  private readonly probes: readonly Probe[] = [];
  /** The tree exceeds a compile limit: explanations carry the error and no tree. */
  private readonly overLimit: boolean = false;

  constructor(query: string | KqlNode, options: ExplainOptions) {
    this.resolved = resolveOptions(options);
    const source = typeof query === "string" ? query : options.source;
    this.hasSource = source !== undefined;
    let ast: KqlNode | undefined;
    if (typeof query === "string") {
      try {
        ast = parse(query);
      } catch (error) {
        if (!(error instanceof KqlSyntaxError)) throw error;
        this.error = {
          code: error.code,
          origin: "syntax",
          message: error.summary,
          eventDependent: false,
          range: { start: error.offset, end: error.offset + error.length },
        };
      }
    } else ast = query;
    this.ast = ast;
    if (!ast) {
      this.query = source ?? "";
      return;
    }
    try {
      // Before formatting: a tree beyond the limits is refused without being walked recursively.
      checkTreeLimits(ast, this.resolved.limits, source);
    } catch (error) {
      this.query = source ?? ast.type;
      if (!(error instanceof KqlCompileError)) throw error;
      this.error = { code: error.code, origin: error.origin, message: error.summary, eventDependent: false };
      this.overLimit = true;
      return;
    }
    this.query = source ?? safeFormat(ast);
    try {
      const compiler = new Compiler(this.resolved, source, ast, this.trace);
      this.test = compiler.compile(ast);
      this.compiler = compiler;
      this.probes = compiler.probes;
    } catch (error) {
      if (!(error instanceof KqlCompileError) || error.origin === "library") throw error;
      this.errorNode = this.trace.compiling.at(-1);
      this.error = {
        code: error.code,
        origin: error.origin,
        message: error.summary,
        eventDependent: false,
        ...(error.range && { range: error.range }),
        ...(error.field !== undefined && { field: error.field }),
      };
    }
  }

  /** Runs the compiled query on one event, recording the trace; exactly `compileQuery`'s answer. */
  run(event: object): RunOutcome | undefined {
    const compiler = this.compiler;
    const test = this.test;
    if (!compiler || !test) return undefined;
    this.trace.reset();
    const doc = docOf(event);
    compiler.event = doc;
    for (let i = 0; i < this.probes.length; i++) {
      const reason = (this.probes[i] as Probe)(doc);
      if (reason !== undefined) return { kind: "refused", reason, node: compiler.probeNodes[i] };
    }
    return { kind: "result", result: test(doc), doc };
  }

  explain(event: object): Explanation {
    try {
      return this.explainEvent(event);
    } catch (error) {
      // A cyclic or absurdly deep event: the same coded per-event error as the predicate's.
      throw eventFailure(error);
    }
  }

  private explainEvent(event: object): Explanation {
    const outcome = this.run(event);
    const base = { version: 1 as const, query: this.query };
    const ast = this.ast;
    if (!ast || this.overLimit) return { ...base, result: false, ...(this.error && { error: this.error }) };
    const builder = new TreeBuilder(this, docOf(event));
    if (!outcome || outcome.kind === "refused") {
      const error: ExplainError =
        outcome?.kind === "refused"
          ? {
              code: "KQL_ES_REJECTS_QUERY",
              origin: "elasticsearch",
              message: `Elasticsearch rejects this query for this event: ${outcome.reason}`,
              eventDependent: true,
              ...(outcome.node && { range: outcome.node.range }),
            }
          : (this.error as ExplainError);
      const at = outcome?.kind === "refused" ? outcome.node : this.errorNode;
      return { ...base, result: false, error, root: builder.build(ast, undefined, "", at, error.message) };
    }
    return { ...base, result: outcome.result, root: builder.build(ast, outcome.doc, "") };
  }

  /** Source text of a node (a distributed value-list value reads `field:value`). */
  textOf(node: KqlNode): string {
    if (!this.hasSource) return safeFormat(node);
    const slice = (r: SourceRange) => this.query.slice(r.start, r.end);
    if (node.type === "match" && node.field.range.end <= node.range.start && node.field.range.end > 0) {
      return `${slice(node.field.range)}:${slice(node.range)}`;
    }
    return slice(node.range);
  }

  get options(): ResolvedOptions {
    return this.resolved;
  }
}

function safeFormat(node: KqlNode): string {
  try {
    return format(node);
  } catch {
    return node.type;
  }
}

/** Builds the explanation tree from a finished trace. */
class TreeBuilder {
  constructor(
    private readonly traced: TracedQuery,
    private readonly event: object,
  ) {}

  /** `doc`: the document the node ran on, undefined when its parent did not run it. */
  build(
    node: KqlNode,
    doc: object | undefined,
    prefix: string,
    errorAt?: KqlNode,
    error?: string,
  ): ExplainNode {
    const recorded = doc === undefined ? undefined : this.traced.trace.results.get(node)?.get(doc);
    const ran = recorded === undefined ? undefined : doc;
    const base = {
      range: { start: node.range.start, end: node.range.end },
      text: this.traced.textOf(node),
      evaluated: recorded !== undefined,
      result: recorded ?? null,
      ...(errorAt === node && error !== undefined && { error }),
    };
    const child = (n: KqlNode, p = prefix) => this.build(n, ran, p, errorAt, error);
    switch (node.type) {
      case "and":
      case "or":
        return { type: node.type, ...base, children: node.args.map((a) => child(a)) };
      case "not":
        return { type: "not", ...base, children: [child(node.arg)] };
      case "matchAll":
        return { type: "matchAll", ...base };
      case "nested": {
        const path = prefix + termText(node.path);
        const visited = ran === undefined ? [] : (this.traced.trace.elements.get(node)?.get(ran) ?? []);
        const elements: NestedElement[] = visited.map((element, index) => ({
          index,
          result: this.traced.trace.results.get(node.query)?.get(element) === true,
          query: this.build(node.query, element, `${path}.`, errorAt, error),
        }));
        return {
          type: "nested",
          ...base,
          path,
          elements,
          ...(elements.length === 0 && {
            query: this.build(node.query, undefined, `${path}.`, errorAt, error),
          }),
          ...(ran !== undefined && elements.length === 0 && { reason: `${path} has no element` }),
        };
      }
      case "match":
      case "exists":
      case "range":
      case "freeText":
        return this.leaf(node, base, ran, prefix);
    }
  }

  private leaf(
    node: Extract<KqlNode, { type: "match" | "exists" | "range" | "freeText" }>,
    base: Omit<LeafExplanation, "type" | "value" | "checks">,
    doc: object | undefined,
    prefix: string,
  ): LeafExplanation {
    const cmp = comparisonOf(node, prefix === "");
    const field = node.type === "freeText" ? undefined : prefix + termText(node.field);
    const value =
      cmp.kind === "exists" ? "*" : cmp.kind === "pattern" ? cmp.parts.join("*") : valueText(cmp.value);
    const head = {
      type: node.type,
      ...base,
      ...(field !== undefined && { field }),
      value,
      ...(node.type === "range" && { op: node.op }),
    };
    const targets = this.traced.trace.targets.get(node) ?? [];
    const notes: string[] = [];
    if (cmp.kind === "pattern" && this.traced.options.plan.wildcardSpaces === "elasticsearch") {
      const splits = targets.some(
        (t) =>
          (t.kind === "field" && queryKindOf(t.field, cmp, t.typed) === "query_string") ||
          (t.kind === "scan" && (cmp.freeText || !t.typed)) ||
          (t.kind === "dynamic" && !t.typed),
      );
      const note = splits ? splitNote(cmp.parts, field) : undefined;
      if (note) notes.push(note);
    }
    if (doc === undefined) return { ...head, checks: [], ...(notes.length > 0 && { notes }) };
    const checks: FieldCheck[] = [];
    for (const target of targets) checks.push(...this.check(target, cmp, doc, prefix, notes));
    const matchedCheck = checks.find((c) => c.result);
    const matchedValue = matchedCheck?.values.find((v) => v.result);
    const matched =
      matchedCheck && matchedValue
        ? { field: matchedCheck.field, path: matchedValue.path, value: matchedValue.value }
        : undefined;
    const reason = base.result === false ? leafReason(node, cmp, targets, checks, field) : undefined;
    return {
      ...head,
      checks,
      ...(matched && { matched }),
      ...(reason !== undefined && { reason }),
      ...(notes.length > 0 && { notes }),
    };
  }

  /** `prefix`: the nested scope, put before the document-relative paths of values. */
  private check(
    target: LeafTarget,
    cmp: ExplainedComparison,
    doc: object,
    prefix: string,
    notes: string[],
  ): FieldCheck[] {
    switch (target.kind) {
      case "none":
        return [];
      case "field":
        return [
          this.fieldCheck(target.field, target.typed, target.compiled, cmp, readValues(doc, target, prefix)),
        ];
      case "object": {
        const values = readDeep(doc, target.path, prefix).map(({ path, value }) => ({
          path,
          value,
          indexed: value,
          result: true,
        }));
        return [
          {
            field: target.name,
            type: "object",
            origin: "object",
            query: "exists",
            caseInsensitive: false,
            result: values.length > 0,
            missing: values.length === 0,
            values,
            ...(values.length === 0 && { reason: `object ${target.name} has no value below it` }),
          },
        ];
      }
      case "dynamic": {
        const sample = firstValue(this.event, target.rootPath);
        const name = target.name;
        if (sample === undefined || typeof sample === "object") {
          // No value at the name itself: dotted keys below it (`{"a.b": 1}` for `a`) still make it an
          // object that `exists` finds, as dynamic mapping would.
          const exists = cmp.kind === "exists" && !target.caseless;
          const values = exists ? readDeep(doc, target.path, prefix) : [];
          const found = values.length > 0;
          const missing = sample === undefined && !found;
          const reason = missing
            ? `field ${name} is missing`
            : exists
              ? `object ${name} has no value below it`
              : `${name} holds an object in this event, not a value`;
          return [
            {
              field: name,
              type: missing ? "unknown" : "object",
              origin: "dynamic",
              query: missing ? "none" : "exists",
              caseInsensitive: false,
              result: found,
              missing,
              values: values.map(({ path, value }) => ({ path, value, indexed: value, result: true })),
              ...(!found && { reason }),
            },
          ];
        }
        const type = dynamicTypeOf(sample);
        if (type === undefined) {
          // A function, symbol or BigInt handed in through the API: no JSON value, nothing to map.
          return [
            {
              field: name,
              type: "unknown",
              origin: "dynamic",
              query: "none",
              caseInsensitive: false,
              result: false,
              missing: false,
              values: [],
              reason: `${name} holds a ${typeof sample}, which is not a JSON value`,
            },
          ];
        }
        const base = dynamicField(name, sample, undefined) as FieldInfo;
        notes.push(
          `${target.caseless ? name.slice(0, -".caseless".length) : name} is not in the schema: mapped ${type} by the event's first value (dynamic mapping)`,
        );
        if (target.caseless && type !== "keyword") {
          return [
            {
              field: name,
              type: String(type),
              origin: "dynamic",
              query: "none",
              caseInsensitive: false,
              result: false,
              missing: false,
              values: [],
              reason: `${name} exists only for keyword values; this event maps it ${type}`,
            },
          ];
        }
        const field: FieldInfo = target.caseless
          ? {
              ...base,
              valuePath: name.slice(0, -".caseless".length),
              normalizer: "lowercase",
              origin: "caseless",
            }
          : base;
        const compiled = target.plans.get(String(type)) ?? { kind: "never" as const };
        return [
          this.fieldCheck(
            field,
            target.typed,
            compiled,
            cmp,
            readValues(doc, { path: target.path, deep: false }, prefix),
          ),
        ];
      }
      case "scan": {
        const byField = new Map<string, { field: FieldInfo; compiled: Compiled; values: RawValue[] }>();
        someLeafWithPath(
          doc,
          (path, value) => {
            const full = target.prefix + path;
            for (const field of target.fields(full, value)) {
              const compiled = target.plan(field);
              if (compiled.kind !== "test") continue;
              const key = `${field.name}\u0000${field.type}`;
              let entry = byField.get(key);
              if (!entry) {
                entry = { field, compiled, values: [] };
                byField.set(key, entry);
              }
              entry.values.push({ path: full, value });
            }
            return false;
          },
          target.enter,
        );
        return [...byField.values()].map((e) =>
          this.fieldCheck(e.field, target.typed, e.compiled, cmp, e.values),
        );
      }
    }
  }

  private fieldCheck(
    field: FieldInfo,
    typed: boolean,
    compiled: Compiled,
    cmp: ExplainedComparison,
    raw: readonly RawValue[],
  ): FieldCheck {
    const options = this.traced.options.plan;
    const fold = foldsCase(field, typed, options.caseInsensitive);
    const values: CheckedValue[] = raw.map(({ path, value }) => ({
      path,
      value,
      indexed: indexedForm(field, value, fold),
      result: compiled.kind === "test" && compiled.test(value),
    }));
    const result = values.some((v) => v.result);
    const query =
      compiled.kind === "test" || compiled.kind === "never" ? queryKindOf(field, cmp, typed) : "none";
    return {
      field: field.name,
      type: field.type,
      origin: field.origin,
      query,
      caseInsensitive: fold,
      result,
      missing: values.length === 0,
      values,
      ...(!result && {
        reason: fieldReason({ field, cmp, typed, compiled, values, fold, now: options.now }),
      }),
    };
  }
}

interface RawValue {
  readonly path: string;
  readonly value: Scalar;
}

function readValues(doc: object, target: { path: FieldPath; deep: boolean }, prefix: string): RawValue[] {
  if (target.deep) return readDeep(doc, target.path, prefix);
  const out: RawValue[] = [];
  const path = prefix + target.path.dotted;
  someValue(doc, target.path, (value) => {
    out.push({ path, value });
    return false;
  });
  return out;
}

/** Every scalar at the path or below it, with its full path (flattened fields, object exists). */
function readDeep(doc: object, path: FieldPath, prefix: string): RawValue[] {
  const target = path.dotted;
  const below = `${target}.`;
  const out: RawValue[] = [];
  someLeafWithPath(
    doc,
    (leafPath, value) => {
      if (leafPath === target || leafPath.startsWith(below)) out.push({ path: prefix + leafPath, value });
      return false;
    },
    (p) => p === target || p.startsWith(below) || below.startsWith(`${p}.`),
  );
  return out;
}

function valueText(term: LiteralTerm): string {
  return term.value === null ? "null" : String(term.value);
}

/** `topLevel`: free text inside a nested group is sent as a match on `<path>.null`, not as free text. */
function comparisonOf(
  node: Extract<KqlNode, { type: "match" | "exists" | "range" | "freeText" }>,
  topLevel: boolean,
): ExplainedComparison {
  switch (node.type) {
    case "exists":
      return { kind: "exists" };
    case "range":
      return { kind: "range", op: node.op, value: rangeBound(node) };
    case "match":
    case "freeText": {
      const freeText = node.type === "freeText" && topLevel;
      return node.value.kind === "wildcard"
        ? { kind: "pattern", parts: node.value.parts, freeText }
        : { kind: "match", value: node.value, freeText };
    }
  }
}

/** One line for a false comparison: the most telling field reason. */
function leafReason(
  node: KqlNode,
  cmp: ExplainedComparison,
  targets: readonly LeafTarget[],
  checks: readonly FieldCheck[],
  field: string | undefined,
): string {
  const none = targets.find((t) => t.kind === "none");
  if (none?.kind === "none") return none.reason;
  if (node.type === "freeText") {
    const shown =
      cmp.kind === "pattern" ? cmp.parts.join("*") : cmp.kind === "match" ? valueText(cmp.value) : "";
    const caseHit = checks.find((c) => c.reason?.startsWith("case differs"));
    if (caseHit) return `no field matches ${quote(shown)}; ${caseHit.field}: ${caseHit.reason}`;
    return `no field of the event matches ${quote(shown)} (${checks.length} field${checks.length === 1 ? "" : "s"} searched)`;
  }
  if (checks.length === 0) {
    return node.type === "match" || node.type === "exists" || node.type === "range"
      ? node.field.kind === "wildcard"
        ? `the field-name pattern ${field} reaches no field of the schema or the event`
        : `field ${field} is missing`
      : "no match";
  }
  if (checks.length === 1) return checks[0]?.reason ?? "no match";
  const caseHit = checks.find((c) => c.reason?.startsWith("case differs"));
  if (caseHit) return `${caseHit.field}: ${caseHit.reason}`;
  const present = checks.filter((c) => !c.missing);
  if (present.length === 0) return `none of the ${checks.length} fields ${field} reaches has a value`;
  const first = present.slice(0, 3).map((c) => `${c.field}: ${c.reason}`);
  return `no field ${field} reaches matches (${present.length} with values): ${first.join("; ")}`;
}
