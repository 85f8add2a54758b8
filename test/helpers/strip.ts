/** A deep copy without `range` keys: ASTs compared by meaning, not by where they were written. */
export function stripRanges<T>(value: T): T {
  if (Array.isArray(value)) return value.map(stripRanges) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) if (key !== "range") out[key] = stripRanges(inner);
    return out as T;
  }
  return value;
}
