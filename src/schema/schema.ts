import { own } from "../util/own.js";
import type { CompactField } from "./compact.js";
import type { FieldInfo, FieldOrigin, FieldResolution } from "./field-info.js";
import { type FieldType, isContainerType, isFieldType } from "./field-types.js";
import { ECS_FIELDS } from "./generated/ecs.js";
import { INTEGRATION_FIELDS } from "./generated/integrations.js";
import { compileNamePattern, type NamePattern } from "./name-pattern.js";

/** A field definition supplied by a caller: a bare type, or a type with mapping details. */
export interface FieldSpec {
  readonly type: FieldType;
  /** Multi-fields: sub-field name → type (`{ text: "match_only_text" }` gives `<name>.text`). */
  readonly multiFields?: Readonly<Record<string, FieldType>>;
  readonly ignoreAbove?: number;
  /** For `object`: the type of every sub-key (`keyword` for `labels`, `winlog.event_data`). */
  readonly objectType?: FieldType;
  /** `false`: kept in `_source` but not searchable. */
  readonly index?: boolean;
  readonly scalingFactor?: number;
  /** `false` on an object: undeclared sub-keys are not indexed. */
  readonly dynamic?: boolean;
}

export type FieldDefinition = FieldType | FieldSpec;

/** Dotted field name (or `*` path pattern) → definition. */
export type FieldMap = Readonly<Record<string, FieldDefinition>>;

/** Types of a field across the indices of a rule (Kibana's `esTypes`). */
export type EsTypesMap = Readonly<Record<string, readonly FieldType[]>>;

export interface SchemaOptions {
  readonly esTypes?: EsTypesMap;
}

interface PatternEntry {
  readonly matcher: NamePattern;
  readonly def: CompactField;
}

function toCompact(name: string, def: FieldDefinition): CompactField {
  if (typeof def === "string") {
    if (!isFieldType(def)) throw new TypeError(`Unknown field type "${def}" for field "${name}"`);
    return { t: def };
  }
  if (!isFieldType(def.type)) throw new TypeError(`Unknown field type "${String(def.type)}" for "${name}"`);
  return {
    t: def.type,
    ...(def.ignoreAbove !== undefined && { ia: def.ignoreAbove }),
    ...(def.multiFields !== undefined && { mf: def.multiFields }),
    ...(def.objectType !== undefined && { ot: def.objectType }),
    ...(def.index === false && { ni: 1 as const }),
    ...(def.scalingFactor !== undefined && { sf: def.scalingFactor }),
    ...(def.dynamic === false && { nd: 1 as const }),
  };
}

function parentOf(name: string): string | undefined {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(0, dot) : undefined;
}

/** Most names one schema remembers resolving (the cache starts over when full). */
const RESOLVE_CACHE_LIMIT = 100_000;

/**
 * A mapping: dotted field names with their Elasticsearch types. Immutable; `extend` layers overrides on
 * top without copying the base (the built-in ECS + integration table is shared by every compile).
 */
export class Schema {
  private readonly defs: ReadonlyMap<string, CompactField>;
  private readonly patterns: readonly PatternEntry[];
  private readonly esTypesMap: ReadonlyMap<string, readonly FieldType[]>;
  private readonly parent: Schema | undefined;
  private namesCache: readonly string[] | undefined;
  private prefixCache: ReadonlySet<string> | undefined;
  private readonly resolveCache = new Map<string, FieldResolution>();
  private maxSegmentsCache: number | undefined;

  private constructor(
    defs: ReadonlyMap<string, CompactField>,
    patterns: readonly PatternEntry[],
    esTypes: ReadonlyMap<string, readonly FieldType[]>,
    parent: Schema | undefined,
  ) {
    this.defs = defs;
    this.patterns = patterns;
    this.esTypesMap = esTypes;
    this.parent = parent;
  }

  /** Builds a schema from compact generated tables (later tables win). */
  static fromCompact(
    tables: readonly Readonly<Record<string, CompactField>>[],
    options?: SchemaOptions,
  ): Schema {
    const defs = new Map<string, CompactField>();
    for (const table of tables) for (const [name, def] of Object.entries(table)) defs.set(name, def);
    return Schema.build(defs, options, undefined);
  }

  /** Builds a schema from caller definitions. */
  static fromFields(fields: FieldMap, options?: SchemaOptions): Schema {
    const defs = new Map<string, CompactField>();
    for (const [name, def] of Object.entries(fields)) defs.set(name, toCompact(name, def));
    return Schema.build(defs, options, undefined);
  }

  private static build(
    defs: Map<string, CompactField>,
    options: SchemaOptions | undefined,
    parent: Schema | undefined,
  ): Schema {
    const patterns: PatternEntry[] = [];
    for (const [name, def] of defs) {
      if (name.includes("*")) {
        patterns.push({ matcher: compileNamePattern(name.split("*")), def });
        defs.delete(name);
      }
    }
    const esTypes = new Map<string, readonly FieldType[]>();
    for (const [name, types] of Object.entries(options?.esTypes ?? {})) {
      for (const t of types)
        if (!isFieldType(t)) throw new TypeError(`Unknown type "${t}" in esTypes.${name}`);
      esTypes.set(name, Object.freeze([...types]));
    }
    return new Schema(defs, patterns, esTypes, parent);
  }

  /** A new schema: these definitions (and esTypes) over this one. */
  extend(fields: FieldMap | undefined, options?: SchemaOptions): Schema {
    const defs = new Map<string, CompactField>();
    for (const [name, def] of Object.entries(fields ?? {})) defs.set(name, toCompact(name, def));
    if (defs.size === 0 && !options?.esTypes) return this;
    return Schema.build(defs, options, this);
  }

  /** The definition declared under exactly this name, if any. */
  private definition(name: string): CompactField | undefined {
    return this.defs.get(name) ?? this.parent?.definition(name);
  }

  private esTypesOf(name: string): readonly FieldType[] | undefined {
    return this.esTypesMap.get(name) ?? this.parent?.esTypesOf(name);
  }

  private allPatterns(): readonly PatternEntry[] {
    return this.parent ? [...this.patterns, ...this.parent.allPatterns()] : this.patterns;
  }

  /** The multi-fields declared under a field (`process.name` → `process.name.text`). */
  multiFields(name: string): FieldInfo[] {
    const subs = Object.keys(this.definition(name)?.mf ?? {});
    const out: FieldInfo[] = [];
    for (const sub of subs) {
      const res = this.resolve(`${name}.${sub}`);
      if (res.kind === "field") out.push(res.field);
    }
    return out;
  }

  /** True when `path` is mapped `nested`. */
  isNested(path: string): boolean {
    return this.definition(path)?.t === "nested";
  }

  /** The nearest proper ancestor of `name` mapped `nested`. */
  nestedPathOf(name: string): string | undefined {
    for (let p = this.deepestAncestor(name); p !== undefined; p = parentOf(p)) {
      if (this.definition(p)?.t === "nested") return p;
    }
    return undefined;
  }

  /**
   * Every mapped field name a field-name pattern can reach (spec §6.8): declared leaf fields (flattened
   * roots included) and their multi-fields; not object or nested paths, not `*` patterns, not implicit
   * `.caseless` views.
   */
  fieldNames(): readonly string[] {
    if (this.namesCache) return this.namesCache;
    const names = new Set<string>(this.parent?.fieldNames() ?? []);
    for (const [name, def] of this.defs) {
      if (isContainerType(def.t)) {
        names.delete(name);
        continue;
      }
      names.add(name);
      for (const sub of Object.keys(def.mf ?? {})) names.add(`${name}.${sub}`);
    }
    this.namesCache = Object.freeze([...names].sort());
    return this.namesCache;
  }

  /** Mapped field names matching a field-name pattern given as its literal segments (`["process.", ""]`). */
  expand(parts: readonly string[]): string[] {
    const matcher = compileNamePattern(parts);
    return this.fieldNames().filter((name) => matcher(name));
  }

  /** True when some declared name lies below `path`. */
  private isPrefixOfField(path: string): boolean {
    if (!this.prefixCache) {
      const prefixes = new Set<string>(this.parent ? this.parent.prefixes() : []);
      for (const name of this.defs.keys()) {
        for (let p = parentOf(name); p !== undefined; p = parentOf(p)) prefixes.add(p);
      }
      this.prefixCache = prefixes;
    }
    return this.prefixCache.has(path);
  }

  private prefixes(): ReadonlySet<string> {
    this.isPrefixOfField("");
    return this.prefixCache ?? new Set();
  }

  /** What `name` denotes: a field (with type and reading path), an object or nested path, or nothing. */
  resolve(name: string): FieldResolution {
    let hit = this.resolveCache.get(name);
    if (!hit) {
      hit = this.resolveUncached(name);
      // Names come from events too (free text, field patterns): a stream of ever new keys must not
      // grow the cache without bound.
      if (this.resolveCache.size >= RESOLVE_CACHE_LIMIT) this.resolveCache.clear();
      this.resolveCache.set(name, hit);
    }
    return hit;
  }

  /** Most dotted segments of any defined name: no longer prefix of a name can be defined. */
  private maxSegments(): number {
    if (this.maxSegmentsCache === undefined) {
      let max = this.parent?.maxSegments() ?? 0;
      for (const name of this.defs.keys()) max = Math.max(max, name.split(".").length);
      this.maxSegmentsCache = max;
    }
    return this.maxSegmentsCache;
  }

  /**
   * The deepest proper ancestor of `name` that could be defined. Event paths can be thousands of
   * segments deep; starting the ancestor walks here keeps resolving one linear in the name's length.
   */
  private deepestAncestor(name: string): string | undefined {
    let end = -1;
    for (let i = 0; i < this.maxSegments(); i++) {
      const dot = name.indexOf(".", end + 1);
      if (dot < 0) return parentOf(name);
      end = dot;
    }
    return end > 0 ? name.slice(0, end) : undefined;
  }

  private resolveUncached(name: string): FieldResolution {
    const nestedPath = this.nestedPathOf(name);
    const def = this.definition(name);
    if (def) {
      if (def.t === "object") return { kind: "object", path: name, nestedPath };
      if (def.t === "nested") return { kind: "nested", path: name, nestedPath };
      return this.field(name, def.t, "declared", name, def, nestedPath);
    }
    const parent = parentOf(name);
    if (parent !== undefined) {
      const last = name.slice(parent.length + 1);
      const parentDef = this.definition(parent);
      // Own keys only: an event key such as `process.name.constructor` is no multi-field.
      const multiType = parentDef?.mf === undefined ? undefined : own(parentDef.mf, last);
      if (parentDef && multiType) {
        return this.field(
          name,
          multiType,
          "multi-field",
          parent,
          { t: multiType, ni: parentDef.ni },
          nestedPath,
        );
      }
      if (last === "caseless") {
        const base = this.resolve(parent);
        if (base.kind === "field" && base.field.type === "keyword" && base.field.origin !== "flattened-key") {
          const f = base.field;
          return {
            kind: "field",
            field: Object.freeze({
              ...f,
              name,
              origin: "caseless" as const,
              esTypes: this.esTypesOf(name) ?? (["keyword"] as const),
              keywordOnly: isKeywordOnly(this.esTypesOf(name) ?? ["keyword"]),
              normalizer: "lowercase" as const,
            }),
          };
        }
      }
    }
    for (const { matcher, def: pdef } of this.allPatterns()) {
      if (!matcher(name)) continue;
      const type = pdef.t === "object" ? pdef.ot : pdef.t;
      if (type === undefined || isContainerType(type)) continue;
      return this.field(name, type, "pattern", name, { ...pdef, t: type }, nestedPath);
    }
    for (let anc = this.deepestAncestor(name); anc !== undefined; anc = parentOf(anc)) {
      const adef = this.definition(anc);
      if (!adef) continue;
      if (adef.t === "flattened") {
        return this.field(name, "keyword", "flattened-key", name, { t: "keyword", ni: adef.ni }, nestedPath);
      }
      if (adef.t === "object" && adef.ot !== undefined && !isContainerType(adef.ot)) {
        return this.field(name, adef.ot, "object-type", name, { t: adef.ot, ni: adef.ni }, nestedPath);
      }
      if (adef.t === "object" && adef.nd) {
        return this.field(name, "keyword", "declared", name, { t: "keyword", ni: 1 }, nestedPath);
      }
      break;
    }
    if (this.isPrefixOfField(name)) return { kind: "object", path: name, nestedPath };
    return { kind: "unmapped", name, nestedPath };
  }

  private field(
    name: string,
    type: FieldType,
    origin: FieldOrigin,
    valuePath: string,
    def: CompactField,
    nestedPath: string | undefined,
  ): FieldResolution {
    const esTypes =
      origin === "flattened-key" ? (["flattened"] as const) : (this.esTypesOf(name) ?? Object.freeze([type]));
    return {
      kind: "field",
      field: Object.freeze({
        name,
        type,
        esTypes,
        keywordOnly: isKeywordOnly(esTypes),
        origin,
        valuePath,
        normalizer: undefined,
        nestedPath,
        searchable: def.ni !== 1,
        ignoreAbove: def.ia,
        scalingFactor: def.sf,
        inDataView: origin !== "flattened-key",
      }),
    };
  }
}

/** Kibana's test (spec §4.1): only a field whose types are exactly `["keyword"]` gets term/wildcard. */
export function isKeywordOnly(esTypes: readonly FieldType[]): boolean {
  return esTypes.length === 1 && esTypes[0] === "keyword";
}

/**
 * The field a name denotes when the schema does not map it, by the dynamic-mapping default of spec §5.4
 * applied to a value seen in the event: strings → keyword, whole numbers → long, other numbers → double,
 * booleans → boolean. Undefined for values that do not make a field (objects, null).
 */
export function dynamicField(
  name: string,
  sample: unknown,
  nestedPath: string | undefined,
): FieldInfo | undefined {
  const type = dynamicTypeOf(sample);
  if (type === undefined) return undefined;
  return Object.freeze({
    name,
    type,
    esTypes: Object.freeze([type]),
    keywordOnly: type === "keyword",
    origin: "dynamic" as const,
    valuePath: name,
    normalizer: undefined,
    nestedPath,
    searchable: true,
    ignoreAbove: undefined,
    scalingFactor: undefined,
    inDataView: true,
  });
}

export function dynamicTypeOf(sample: unknown): "keyword" | "long" | "double" | "boolean" | undefined {
  switch (typeof sample) {
    case "string":
      return "keyword";
    case "number":
      return Number.isInteger(sample) ? "long" : "double";
    case "boolean":
      return "boolean";
    default:
      return undefined;
  }
}

let builtin: Schema | undefined;

/** The built-in schema: ECS 9.4.0 plus the integration fields detection rules query. Built once. */
export function builtinSchema(): Schema {
  builtin ??= Schema.fromCompact([ECS_FIELDS, INTEGRATION_FIELDS]);
  return builtin;
}

/**
 * A schema for `compileQuery({ schema })`.
 *
 * - `createSchema(fields)` — exactly these fields (the conformance cases' whole mapping);
 * - `createSchema(fields, { base: "builtin" })` — these over ECS + integrations.
 */
export function createSchema(
  fields: FieldMap = {},
  options: SchemaOptions & { readonly base?: "builtin" | "empty" } = {},
): Schema {
  return options.base === "builtin"
    ? builtinSchema().extend(fields, options)
    : Schema.fromFields(fields, options);
}
