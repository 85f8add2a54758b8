/**
 * The values of a dotted field path in an event, the way Elasticsearch sees `_source`: nested objects
 * and dotted keys address the same path (and merge), arrays are flattened at any depth, `null` is no
 * value. Used by the rules layer for what the KQL evaluator does not do for it: Kibana filter wildcards,
 * threshold / new-terms grouping and threat-mapping joins.
 */

export type LeafValue = string | number | boolean;

export function fieldValues(event: unknown, path: string): LeafValue[] {
  const out: LeafValue[] = [];
  collect(event, path.split("."), 0, out);
  return out;
}

/** The values as Elasticsearch's keyword terms: numbers and booleans become their JSON text. */
export function keywordValues(event: unknown, path: string): string[] {
  return fieldValues(event, path).map((value) => String(value));
}

function collect(node: unknown, parts: readonly string[], start: number, out: LeafValue[]): void {
  if (node === null || node === undefined) return;
  if (Array.isArray(node)) {
    for (const item of node) collect(item, parts, start, out);
    return;
  }
  if (start === parts.length) {
    if (typeof node === "string" || typeof node === "number" || typeof node === "boolean") out.push(node);
    return;
  }
  if (typeof node !== "object") return;
  const record = node as Record<string, unknown>;
  // Try every split of the remaining path into "a key that may itself hold dots" + the rest.
  let key = "";
  for (let end = start; end < parts.length; end++) {
    key = end === start ? (parts[end] ?? "") : `${key}.${parts[end] ?? ""}`;
    if (Object.hasOwn(record, key)) collect(record[key], parts, end + 1, out);
  }
}

/** True when the path holds at least one value (`exists`); stops at the first, allocating nothing. */
export function hasValue(event: unknown, path: string): boolean {
  return hasAny(event, path, 0);
}

/** `collect` reduced to "is there one": `from` is where the rest of the path starts in `path`. */
function hasAny(node: unknown, path: string, from: number): boolean {
  if (node === null || node === undefined) return false;
  if (Array.isArray(node)) {
    for (const item of node) if (hasAny(item, path, from)) return true;
    return false;
  }
  if (from > path.length) {
    return typeof node === "string" || typeof node === "number" || typeof node === "boolean";
  }
  if (typeof node !== "object") return false;
  const record = node as Record<string, unknown>;
  // Every split of the rest into "a key that may itself hold dots" + the rest, as in `collect`.
  let end = path.indexOf(".", from);
  for (;;) {
    const stop = end < 0 ? path.length : end;
    const key = from === 0 && stop === path.length ? path : path.slice(from, stop);
    if (Object.hasOwn(record, key) && hasAny(record[key], path, stop + 1)) return true;
    if (end < 0) return false;
    end = path.indexOf(".", end + 1);
  }
}
