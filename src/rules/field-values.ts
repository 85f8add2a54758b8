/**
 * The values of a dotted field path in an event, the way Elasticsearch sees `_source`: nested objects
 * and dotted keys address the same path (and merge), arrays are flattened at any depth, `null` is no
 * value. Used by the rules layer for what the KQL evaluator does not do for it: Kibana filter wildcards,
 * threshold / new-terms grouping and threat-mapping joins.
 */

import { compilePath, type FieldPath, someValue } from "../eval/resolve.js";

export type LeafValue = string | number | boolean;

/** Rule field names are few and reused for every event: split each once. */
const paths = new Map<string, FieldPath>();

function pathOf(dotted: string): FieldPath {
  let path = paths.get(dotted);
  if (!path) {
    path = compilePath(dotted);
    paths.set(dotted, path);
  }
  return path;
}

/** Every scalar value of the field, through the evaluator's one resolver (spec §5.1). */
export function fieldValues(event: unknown, path: string): LeafValue[] {
  const out: LeafValue[] = [];
  someValue(event, pathOf(path), (value) => {
    out.push(value);
    return false;
  });
  return out;
}

/** The values as Elasticsearch's keyword terms: numbers and booleans become their JSON text. */
export function keywordValues(event: unknown, path: string): string[] {
  return fieldValues(event, path).map((value) => String(value));
}

/** True when the path holds at least one value (`exists`). */
export function hasValue(event: unknown, path: string): boolean {
  return someValue(event, pathOf(path), () => true);
}
