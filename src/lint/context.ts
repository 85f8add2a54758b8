import type {
  ExistsNode,
  FreeTextNode,
  KqlNode,
  MatchNode,
  NestedNode,
  RangeNode,
  SourceRange,
  Term,
} from "../parser/ast.js";
import { termText } from "../parser/ast.js";
import type { FieldInfo, FieldResolution } from "../schema/field-info.js";
import type { Schema } from "../schema/schema.js";
import { LINT_CATALOG, type LintCode } from "./catalog.js";
import type { Finding, LintFix } from "./types.js";

/** A comparison of the tree (or free text), with where it sits and what its field name denotes. */
export interface Leaf {
  readonly node: MatchNode | ExistsNode | RangeNode | FreeTextNode;
  /** Enclosing nested groups, outermost first. */
  readonly groups: readonly NestedNode[];
  /** Path of the innermost nested group (`undefined` at the top). */
  readonly scopePath: string | undefined;
  /** The full field name (nested prefix applied); undefined for free text and name patterns. */
  readonly name: string | undefined;
  /** What `name` denotes in the schema. */
  readonly resolution: FieldResolution | undefined;
  /** For a field-name pattern: every mapped field it reaches (Kibana's expansion, spec §6.8). */
  readonly expansion: readonly FieldInfo[] | undefined;
  /** The value was written inside a value list `f:(a or b)` (the field name stands once in front). */
  readonly inList: boolean;
}

/** Everything a rule needs, computed once per query. */
export interface LintContext {
  readonly ast: KqlNode;
  /** The query text, when known (rules about how a value was written need it). */
  readonly source: string | undefined;
  readonly schema: Schema;
  readonly leaves: readonly Leaf[];
  /** Mapped names the query uses outside nested groups: Kibana's data view (spec §4.1, §6.9). */
  readonly dataView: ReadonlySet<string>;
  /** The text of a range, when the source is known. */
  raw(range: SourceRange): string | undefined;
  /** True when Kibana converts this leaf's comparison on `field` typed (the field is in its data view). */
  isTyped(leaf: Leaf, field: FieldInfo): boolean;
}

/** Field types that take no wildcard (defined with the schema's types). */
export { NON_STRING_TYPES } from "../schema/field-types.js";

/** Builds a finding; severity comes from the catalog. */
export function finding(
  code: LintCode,
  range: SourceRange,
  message: string,
  extra: { hint?: string | undefined; fix?: LintFix | undefined } = {},
): Finding {
  return {
    code,
    severity: LINT_CATALOG[code].severity,
    message,
    range: { start: range.start, end: range.end },
    ...(extra.hint !== undefined && { hint: extra.hint }),
    ...(extra.fix !== undefined && { fix: extra.fix }),
  };
}

export function buildContext(ast: KqlNode, source: string | undefined, schema: Schema): LintContext {
  const leaves: Leaf[] = [];
  const visit = (node: KqlNode, groups: readonly NestedNode[], prefix: string): void => {
    switch (node.type) {
      case "and":
      case "or":
        for (const arg of node.args) visit(arg, groups, prefix);
        return;
      case "not":
        visit(node.arg, groups, prefix);
        return;
      case "nested": {
        const path = prefix + termText(node.path);
        visit(node.query, [...groups, node], `${path}.`);
        return;
      }
      case "matchAll":
        return;
      case "freeText":
        leaves.push({
          node,
          groups,
          scopePath: scopePathOf(prefix),
          name: undefined,
          resolution: undefined,
          expansion: undefined,
          inList: false,
        });
        return;
      default: {
        const field: Term = node.field;
        const inList = node.range.start > field.range.start;
        if (field.kind === "wildcard") {
          const parts = [prefix + (field.parts[0] ?? ""), ...field.parts.slice(1)];
          const expansion: FieldInfo[] = [];
          for (const name of schema.expand(parts)) {
            const res = schema.resolve(name);
            if (res.kind === "field") expansion.push(res.field);
          }
          leaves.push({
            node,
            groups,
            scopePath: scopePathOf(prefix),
            name: undefined,
            resolution: undefined,
            expansion,
            inList,
          });
          return;
        }
        const name = prefix + termText(field);
        leaves.push({
          node,
          groups,
          scopePath: scopePathOf(prefix),
          name,
          resolution: schema.resolve(name),
          expansion: undefined,
          inList,
        });
      }
    }
  };
  visit(ast, [], "");

  const dataView = new Set<string>();
  for (const leaf of leaves) {
    if (leaf.scopePath !== undefined) continue;
    if (leaf.expansion) for (const f of leaf.expansion) dataView.add(f.name);
    else if (leaf.resolution?.kind === "field" && leaf.resolution.field.inDataView)
      dataView.add(leaf.resolution.field.name);
  }

  return {
    ast,
    source,
    schema,
    leaves,
    dataView,
    raw: (range) => source?.slice(range.start, range.end),
    isTyped: (leaf, field) =>
      leaf.scopePath === undefined ? field.inDataView : dataView.has(field.name) && field.inDataView,
  };
}

function scopePathOf(prefix: string): string | undefined {
  return prefix === "" ? undefined : prefix.slice(0, -1);
}

/** The fields a leaf's comparison reaches: the resolved field, or a pattern's expansion. */
export function fieldsOf(leaf: Leaf): readonly FieldInfo[] {
  if (leaf.expansion) return leaf.expansion;
  return leaf.resolution?.kind === "field" ? [leaf.resolution.field] : [];
}

/** How a field name is written in messages. */
export function displayName(leaf: Leaf): string {
  if (leaf.node.type === "freeText") return "(free text)";
  return leaf.name ?? termText(leaf.node.field);
}
