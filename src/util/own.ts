/**
 * Lookups in tables keyed by names that come from input (field names, query kinds, mapping types, rule
 * values). `table[name]` would also find what every object inherits: `constructor`, `toString`,
 * `__proto__` … and then call or iterate it. These read own properties only (docs/security.md).
 */
const hasOwn = Object.prototype.hasOwnProperty;

/** `table[key]` when the table itself has that key, else undefined. */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return hasOwn.call(table, key) ? table[key] : undefined;
}
