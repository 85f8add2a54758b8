/**
 * Wildcard matching for KQL patterns, where `*` is the only wildcard (spec §2.3, §6.4).
 *
 * A pattern is the list of literal segments between the wildcards. Matching is greedy: the first segment
 * must be a prefix, the last a suffix (not overlapping the prefix), and each middle segment is found by
 * the leftmost `indexOf` after the previous one. For `*`-only patterns leftmost placement is always
 * safe (taking a segment as early as possible leaves the most room for the rest), so there is no
 * backtracking and no regular expression: the cost is bounded by the scans, never exponential.
 */
export type WildcardMatcher = (value: string) => boolean;

export function compileWildcard(parts: readonly string[]): WildcardMatcher {
  if (parts.length === 0) return () => true;
  if (parts.length === 1) {
    const only = parts[0] ?? "";
    return (value) => value === only;
  }
  const first = parts[0] ?? "";
  const last = parts[parts.length - 1] ?? "";
  const middle = parts.slice(1, -1).filter((p) => p !== "");
  const minLength = first.length + last.length + middle.reduce((n, p) => n + p.length, 0);

  if (middle.length === 0) {
    if (first === "" && last === "") return () => true;
    return (value) => value.length >= minLength && value.startsWith(first) && value.endsWith(last);
  }
  return (value) => {
    if (value.length < minLength || !value.startsWith(first) || !value.endsWith(last)) return false;
    const end = value.length - last.length;
    let pos = first.length;
    for (const segment of middle) {
      const at = value.indexOf(segment, pos);
      if (at < 0 || at + segment.length > end) return false;
      pos = at + segment.length;
    }
    return true;
  };
}

/** The pattern with every segment lower-cased (normalizers, case-insensitive queries, text fields). */
export function lowerCaseParts(parts: readonly string[]): string[] {
  return parts.map((p) => p.toLowerCase());
}
