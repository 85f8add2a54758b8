import type { KqlNode, LiteralTerm, Term } from "../parser/ast.js";
import { termText } from "../parser/ast.js";
import type { FieldInfo } from "../schema/field-info.js";
import { compileNamePattern } from "../schema/name-pattern.js";
import { dynamicField, type Schema } from "../schema/schema.js";
import { rangeBound } from "./compile.js";
import type { Compiled } from "./operators/types.js";
import { type CompileOptions, type ResolvedOptions, resolveOptions } from "./options.js";
import { type Comparison, planComparison, planFreeText } from "./plan.js";
import type { Scalar } from "./resolve.js";

/**
 * A plain interpreter of the same semantics, kept deliberately simple: it walks the tree for every event,
 * flattens the event into `path → values` with no cleverness, evaluates every branch (no short-circuit)
 * and turns any refusal into "no match". It shares only the per-type operator table with the compiler,
 * and exists to cross-check `compileQuery` (test/eval-reference.property.test.ts).
 */
export function evaluateReference(query: KqlNode, event: object, options: CompileOptions = {}): boolean {
  const resolved = resolveOptions(options);
  try {
    return new Interpreter(resolved, query, event).run(query);
  } catch (error) {
    if (error instanceof Refused) return false;
    throw error;
  }
}

/** The search fails (Kibana or Elasticsearch refuses it). */
class Refused extends Error {}

interface Leaf {
  readonly path: string;
  readonly value: Scalar;
}

/** Every scalar of a value with its dotted path; arrays add no path segment. */
function flatten(value: unknown, path: string, out: Leaf[]): Leaf[] {
  if (Array.isArray(value)) {
    for (const element of value) flatten(element, path, out);
  } else if (value !== null && typeof value === "object") {
    for (const key of Object.keys(value)) {
      flatten((value as Record<string, unknown>)[key], path === "" ? key : `${path}.${key}`, out);
    }
  } else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    out.push({ path, value });
  }
  return out;
}

/** Every object whose dotted path is exactly `target` (nested elements). */
function objectsAt(value: unknown, path: string, target: string, out: object[]): object[] {
  if (Array.isArray(value)) {
    for (const element of value) objectsAt(element, path, target, out);
    return out;
  }
  if (value === null || typeof value !== "object") return out;
  if (path === target) {
    out.push(value);
    return out;
  }
  for (const key of Object.keys(value)) {
    const child = path === "" ? key : `${path}.${key}`;
    if (target === child || target.startsWith(`${child}.`)) {
      objectsAt((value as Record<string, unknown>)[key], child, target, out);
    }
  }
  return out;
}

class Interpreter {
  private readonly schema: Schema;
  private readonly dataView = new Set<string>();
  private readonly eventLeaves: readonly Leaf[];

  constructor(
    private readonly options: ResolvedOptions,
    root: KqlNode,
    event: object,
  ) {
    this.schema = options.schema;
    this.eventLeaves = flatten(event, "", []);
    this.collect(root);
    this.document = event;
  }

  private readonly document: object;

  run(node: KqlNode): boolean {
    return this.evaluate(node, this.document, undefined);
  }

  private collect(node: KqlNode): void {
    if (node.type === "and" || node.type === "or") {
      for (const arg of node.args) this.collect(arg);
    } else if (node.type === "not") this.collect(node.arg);
    else if (node.type === "match" || node.type === "exists" || node.type === "range") {
      if (node.field.kind === "wildcard") {
        for (const n of this.schema.expand(node.field.parts)) this.dataView.add(n);
      } else {
        const res = this.schema.resolve(termText(node.field));
        if (res.kind === "field" && res.field.inDataView) this.dataView.add(res.field.name);
      }
    }
  }

  private evaluate(node: KqlNode, doc: object, scope: string | undefined): boolean {
    const prefix = scope === undefined ? "" : `${scope}.`;
    switch (node.type) {
      case "matchAll":
        return true;
      case "not":
        return !this.evaluate(node.arg, doc, scope);
      case "and":
        return node.args.map((a) => this.evaluate(a, doc, scope)).every(Boolean);
      case "or":
        return node.args.map((a) => this.evaluate(a, doc, scope)).some(Boolean);
      case "nested": {
        const path = prefix + termText(node.path);
        if (node.path.kind !== "literal" || !this.schema.isNested(path)) throw new Refused();
        const relative = scope === undefined ? path : path.slice(prefix.length);
        const elements = objectsAt(doc, "", relative, []);
        // With no element the inner query is still sent, and may still be refused: check it on an empty one.
        if (elements.length === 0) return this.evaluate(node.query, {}, path) && false;
        return elements.map((element) => this.evaluate(node.query, element, path)).some(Boolean);
      }
      case "freeText":
        if (scope !== undefined) {
          const field: Term = { kind: "literal", value: "null", quoted: false, range: node.range };
          return this.evaluate({ type: "match", field, value: node.value, range: node.range }, doc, scope);
        }
        return this.freeText(node.value, doc);
      case "match":
      case "exists":
      case "range": {
        const cmp: Comparison =
          node.type === "exists"
            ? { kind: "exists" }
            : node.type === "range"
              ? { kind: "range", op: node.op, value: rangeBound(node) }
              : node.value.kind === "wildcard"
                ? { kind: "pattern", parts: node.value.parts }
                : { kind: "match", value: node.value };
        if (cmp.kind === "match" && cmp.value.value === null) throw new Refused();
        if (node.field.kind === "wildcard") {
          const parts = [prefix + (node.field.parts[0] ?? ""), ...node.field.parts.slice(1)];
          return this.pattern(parts, cmp, doc, scope);
        }
        return this.field(prefix + termText(node.field), cmp, doc, scope);
      }
    }
  }

  /** Values of a full field path within `doc` (a nested element when `scope` is set). */
  private values(doc: object, scope: string | undefined, fullPath: string, deep: boolean): Scalar[] {
    const relative = scope === undefined ? fullPath : fullPath.slice(scope.length + 1);
    return flatten(doc, "", [])
      .filter((leaf) => leaf.path === relative || (deep && leaf.path.startsWith(`${relative}.`)))
      .map((leaf) => leaf.value);
  }

  private test(field: FieldInfo, compiled: Compiled, doc: object, scope: string | undefined): boolean {
    if (compiled.kind === "reject") throw new Refused();
    if (compiled.kind === "never") return false;
    const deep = field.type === "flattened" || field.type === "geo_point";
    return this.values(doc, scope, field.valuePath, deep).some(compiled.test);
  }

  private field(name: string, cmp: Comparison, doc: object, scope: string | undefined): boolean {
    const res = this.schema.resolve(name);
    if (res.kind === "object") {
      return (
        cmp.kind === "exists" && res.nestedPath === scope && this.values(doc, scope, name, true).length > 0
      );
    }
    if (res.kind === "nested") return false;
    if (res.kind === "unmapped") {
      if (!this.options.dynamic || res.nestedPath !== scope) return false;
      let valueName = name;
      let caseless = false;
      if (name.endsWith(".caseless") && this.schema.resolve(name.slice(0, -9)).kind === "unmapped") {
        valueName = name.slice(0, -9);
        caseless = true;
      }
      const first = this.eventLeaves.find((leaf) => leaf.path === valueName);
      const objectBelow = this.eventLeaves.some((leaf) => leaf.path.startsWith(`${valueName}.`));
      if (first === undefined) {
        return (
          !caseless &&
          cmp.kind === "exists" &&
          objectBelow &&
          this.values(doc, scope, valueName, true).length > 0
        );
      }
      const base = dynamicField(name, first.value, res.nestedPath) as FieldInfo;
      // Only keyword fields have a `.caseless` view; otherwise the name is simply not there.
      if (caseless && base.type !== "keyword") return false;
      const field = caseless ? { ...base, valuePath: valueName, normalizer: "lowercase" as const } : base;
      return this.test(field, planComparison(field, cmp, scope === undefined, this.options.plan), doc, scope);
    }
    const field = res.field;
    const typed = scope === undefined ? field.inDataView : this.dataView.has(field.name);
    if (field.nestedPath !== scope) {
      if (typed) throw new Refused();
      return false;
    }
    return this.test(field, planComparison(field, cmp, typed, this.options.plan), doc, scope);
  }

  private pattern(
    parts: readonly string[],
    cmp: Comparison,
    doc: object,
    scope: string | undefined,
  ): boolean {
    const typed = scope === undefined;
    if (!typed && (cmp.kind === "match" || cmp.kind === "range")) return false;
    const lenient = !typed && parts.length === 2 && parts[0] === `${scope}.` && parts[1] === "";
    const visible = (field: FieldInfo) => typed || field.nestedPath === scope;
    const mapped = this.schema.expand(parts);
    let found = false;
    for (const name of mapped) {
      const res = this.schema.resolve(name);
      if (res.kind !== "field" || !visible(res.field)) continue;
      const compiled = planComparison(res.field, cmp, typed, this.options.plan);
      if (compiled.kind === "reject") {
        if (typed) throw new Refused();
        if (!lenient && this.eventLeaves.some((leaf) => leaf.path === res.field.valuePath))
          throw new Refused();
        continue;
      }
      if (this.test(res.field, compiled, doc, scope)) found = true;
    }
    if (!this.options.dynamic) return found;
    const matches = compileNamePattern(parts);
    const eventField = (leaf: Leaf): FieldInfo | undefined => {
      if (mapped.includes(leaf.path) || !matches(leaf.path)) return undefined;
      const res = this.schema.resolve(leaf.path);
      if (res.kind === "field") return res.field.origin === "flattened-key" ? undefined : res.field;
      return res.kind === "unmapped" ? dynamicField(leaf.path, leaf.value, res.nestedPath) : undefined;
    };
    for (const leaf of this.eventLeaves) {
      const field = eventField(leaf);
      if (
        field &&
        visible(field) &&
        !lenient &&
        planComparison(field, cmp, typed, this.options.plan).kind === "reject"
      ) {
        throw new Refused();
      }
    }
    for (const leaf of flatten(doc, scope ?? "", [])) {
      const field = eventField(leaf);
      if (!field || !visible(field)) continue;
      const compiled = planComparison(field, cmp, typed, this.options.plan);
      if (compiled.kind === "test" && compiled.test(leaf.value)) found = true;
    }
    return found;
  }

  private freeText(value: Term, doc: object): boolean {
    if (value.kind === "literal" && value.value === null) throw new Refused();
    const cmp: Extract<Comparison, { kind: "match" | "pattern" }> =
      value.kind === "wildcard"
        ? { kind: "pattern", parts: value.parts }
        : { kind: "match", value: value as LiteralTerm };
    return flatten(doc, "", []).some((leaf) => {
      const segments = leaf.path.split(".");
      for (let i = 1; i < segments.length; i++) {
        if (this.schema.isNested(segments.slice(0, i).join("."))) return false;
      }
      const res = this.schema.resolve(leaf.path);
      let fields: FieldInfo[] = [];
      if (res.kind === "field") fields = [res.field, ...this.schema.multiFields(leaf.path)];
      else if (res.kind === "unmapped" && this.options.dynamic) {
        const field = dynamicField(leaf.path, leaf.value, res.nestedPath);
        if (field) fields = [field];
      }
      return fields.some((field) => {
        const compiled = planFreeText(field, cmp, this.options.plan);
        return compiled.kind === "test" && compiled.test(leaf.value);
      });
    });
  }
}
