/**
 * Elasticsearch's `wildcard` query syntax (Lucene WildcardQuery): `*` matches any run of characters,
 * `?` exactly one, a backslash makes the next character literal. The pattern covers the whole value.
 * `case_insensitive` folds case on both sides.
 */

export function compileEsWildcard(pattern: string, caseInsensitive: boolean): (value: string) => boolean {
  let source = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === "\\") {
      // A trailing lone backslash is a literal backslash.
      const next = pattern[i + 1];
      source += escapeRegExp(next ?? "\\");
      i++;
    } else if (c === "*") {
      source += "[\\s\\S]*";
    } else if (c === "?") {
      source += "[\\s\\S]";
    } else {
      source += escapeRegExp(c);
    }
  }
  source += "$";
  // `u`: `?` is one code point, as Lucene's automaton works on code points.
  const regexp = new RegExp(source, caseInsensitive ? "iu" : "u");
  return (value) => regexp.test(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}
