import type { KqlNode, Term } from "../parser/ast.js";
import { type FieldIndex, indexFields } from "./data-view.js";
import { wildcardNameMatcher } from "./escape.js";

/** The field names a query uses: exact names, and field-name patterns as their literal parts. */
export interface QueryFieldNames {
  readonly names: ReadonlySet<string>;
  /** `process.*` → `["process.", ""]` (the parts of a wildcard term). */
  readonly patterns: readonly (readonly string[])[];
}

/**
 * The names Kibana's `getKqlFieldNames` collects: every field outside nested groups, and a nested group's
 * path but not the names inside it.
 */
export function queryFieldNames(query: KqlNode): QueryFieldNames {
  const names = new Set<string>();
  const patterns: (readonly string[])[] = [];
  const note = (term: Term | null) => {
    if (term === null) return;
    if (term.kind === "wildcard") patterns.push(term.parts);
    else if (term.value !== null) names.add(String(term.value));
  };
  const walk = (node: KqlNode): void => {
    switch (node.type) {
      case "and":
      case "or":
        node.args.forEach(walk);
        return;
      case "not":
        walk(node.arg);
        return;
      case "nested":
        note(node.path);
        return;
      case "match":
      case "exists":
      case "range":
        note(node.field);
        return;
      case "freeText":
      case "matchAll":
        return;
    }
  };
  walk(query);
  return { names, patterns };
}

/**
 * The detection engine's data view (spec 1, 6.9): only the fields the query names are loaded — exact
 * names, and whatever a field-name pattern matches. Names used only inside a nested group are left out,
 * so those are converted untyped.
 */
export function restrictToQueryFields(dataView: FieldIndex, query: KqlNode): FieldIndex {
  const { names, patterns } = queryFieldNames(query);
  const tests = patterns.map((parts) => wildcardNameMatcher(parts));
  return indexFields(
    dataView.fields.filter((field) => names.has(field.name) || tests.some((test) => test(field.name))),
  );
}
