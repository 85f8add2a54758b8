import type { SourceRange, Term } from "../parser/ast.js";
import type { FieldIndex, ResolvedField } from "./data-view.js";
import { dslProblem, KqlDslError, type KqlDslProblem } from "./errors.js";
import { wildcardNameMatcher, wildcardToText } from "./escape.js";

/**
 * A field name after the nested prefix is applied: a plain name, a field-name pattern, or `null` — the
 * free-text marker (a value without a field, or Kibana's reading of an unquoted `null` field name).
 */
export type FullFieldName =
  | { readonly kind: "name"; readonly name: string }
  | { readonly kind: "pattern"; readonly parts: readonly string[] }
  | { readonly kind: "none" };

/**
 * Puts the nested group's path in front of a field name, as Kibana's `getFullFieldNameNode` does by
 * string concatenation — so free text inside a group becomes the field `<path>.null`, and a pattern keeps
 * its wildcards after the prefix.
 */
export function fullFieldName(field: Term | null, nestedPath: string | undefined): FullFieldName {
  const prefix = nestedPath === undefined ? "" : `${nestedPath}.`;
  if (field === null)
    return nestedPath === undefined ? { kind: "none" } : { kind: "name", name: `${prefix}null` };
  if (field.kind === "wildcard") {
    const [first = "", ...rest] = field.parts;
    return { kind: "pattern", parts: [prefix + first, ...rest] };
  }
  if (field.value === null && nestedPath === undefined) return { kind: "none" };
  return { kind: "name", name: prefix + String(field.value) };
}

/** The name as Elasticsearch receives it when the data view has no entry for it (patterns unescaped). */
export function writtenName(name: FullFieldName & { kind: "name" | "pattern" }): string {
  return name.kind === "name" ? name.name : wildcardToText(name.parts);
}

/** Kibana's `getFields`: the exact entry, or every entry a pattern matches, in data-view order. */
export function lookUpFields(
  name: FullFieldName & { kind: "name" | "pattern" },
  dataView: FieldIndex,
): ResolvedField[] {
  if (name.kind === "name") {
    const field = dataView.byName.get(name.name);
    return field ? [field] : [];
  }
  const matches = wildcardNameMatcher(name.parts);
  return dataView.fields.filter((field) => matches(field.name));
}

/**
 * Kibana's nested checks: every matching entry's nested path must equal the group the name is written
 * in. Patterns outside groups are exempt (they get wrapped instead, see `needsNestedWrap`).
 */
export function checkNestedPaths(
  name: FullFieldName & { kind: "name" | "pattern" },
  fields: readonly ResolvedField[],
  groupPath: string | undefined,
  range: SourceRange,
): void {
  if (name.kind === "pattern" && groupPath === undefined) return;
  const problems: KqlDslProblem[] = [];
  for (const field of fields) {
    const fieldPath = field.nestedPath;
    if (groupPath !== undefined && fieldPath === undefined) {
      problems.push(dslProblem("field_not_nested", field.name, groupPath));
    } else if (fieldPath !== undefined && groupPath === undefined) {
      problems.push(dslProblem("nested_field_outside_group", field.name, fieldPath));
    } else if (fieldPath !== groupPath) {
      problems.push(dslProblem("wrong_nested_path", field.name, fieldPath ?? ""));
    }
  }
  const [first, ...rest] = problems;
  if (first) throw new KqlDslError([first, ...rest], range);
}
