import type { KqlNode, Term } from "../parser/ast.js";
import { type FieldIndex, indexFields } from "./data-view.js";
import { wildcardNameMatcher } from "./escape.js";

/**
 * The detection engine's data view (spec 1, 6.9): only the fields the query names are loaded — exact
 * names, and whatever a field-name pattern matches. Like Kibana's `getKqlFieldNames`, a nested group
 * contributes its path but not the names inside it, so those are converted untyped.
 */
export function restrictToQueryFields(dataView: FieldIndex, query: KqlNode): FieldIndex {
  const names = new Set<string>();
  const patterns: ((name: string) => boolean)[] = [];
  const note = (term: Term | null) => {
    if (term === null) return;
    if (term.kind === "wildcard") patterns.push(wildcardNameMatcher(term.parts));
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
  return indexFields(
    dataView.fields.filter((field) => names.has(field.name) || patterns.some((test) => test(field.name))),
  );
}
