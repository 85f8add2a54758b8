import { wildcardMatcher } from "./patterns.js";

/** The index mapping the interpreter compares by: full dotted name → the field's type in this index. */
export interface InterpreterMapping {
  readonly types: ReadonlyMap<string, string>;
  /** Paths mapped `nested`. */
  readonly nestedPaths: readonly string[];
  /** Every mapped field that holds values (not `nested` / `object` paths), in mapping order. */
  readonly leafFields: readonly string[];
}

const PATH_TYPES = new Set(["nested", "object"]);

export function interpreterMapping(fields: Readonly<Record<string, string>>): InterpreterMapping {
  const entries = Object.entries(fields);
  return {
    types: new Map(entries),
    nestedPaths: entries.filter(([, type]) => type === "nested").map(([name]) => name),
    leafFields: entries.filter(([, type]) => !PATH_TYPES.has(type)).map(([name]) => name),
  };
}

/**
 * The leaf fields a field name in `exists` / `query_string` stands for: a pattern (`*` any run, dots
 * included) expands over the mapping; a mapped leaf is itself; for `exists` (`objectPaths`) an object or
 * nested path covers every leaf below it.
 */
export function expandFieldName(name: string, mapping: InterpreterMapping, objectPaths: boolean): string[] {
  if (name.includes("*")) {
    const matches = wildcardMatcher(name, false);
    return mapping.leafFields.filter(matches);
  }
  const type = mapping.types.get(name);
  if (type !== undefined && !PATH_TYPES.has(type)) return [name];
  if (!objectPaths) return [];
  return mapping.leafFields.filter((field) => field.startsWith(`${name}.`));
}
