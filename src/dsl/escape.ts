/**
 * Writing KQL wildcard patterns for Elasticsearch. A pattern is the list of literal segments between
 * unescaped `*` (see `WildcardTerm`), so a literal asterisk inside a segment can never be confused with
 * a wildcard.
 */

/**
 * Characters backslash-escaped in each literal segment: Lucene's `query_string` reserved set, the set
 * Kibana's current `wildcard.ts` uses for both `query_string` and `wildcard` queries. Whitespace is
 * deliberately left alone (that is why `query_string` splits `*foo bar*`). Older Kibana releases
 * escaped a wider range by accident (digits, `.`, `,`, `;`); this is the current set.
 */
const QUERY_STRING_RESERVED = /[+\-=&|><!(){}[\]^"~*?:\\/]/g;

/** One literal segment written for Lucene syntax. */
export function escapeQueryStringSegment(segment: string): string {
  return segment.replace(QUERY_STRING_RESERVED, "\\$&");
}

/** The pattern written for `query_string` / `wildcard` queries: escaped segments joined by real `*`. */
export function wildcardToQueryString(parts: readonly string[]): string {
  return parts.map(escapeQueryStringSegment).join("*");
}

/** The pattern as plain text, for places Kibana sends it unescaped (field names, nested paths, range bounds). */
export function wildcardToText(parts: readonly string[]): string {
  return parts.join("*");
}

/** Regular-expression syntax characters (only these: in `u` mode escaping others, such as `-`, is an error). */
const REGEXP_SPECIAL = /[.*+?^${}()|[\]\\/]/g;

/** Text matched literally inside a regular expression, with or without the `u` flag. */
export function escapeRegExp(text: string): string {
  return text.replace(REGEXP_SPECIAL, "\\$&");
}

/**
 * A test for field names against a field-name pattern: `*` matches any run of characters, dots and line
 * breaks included, and the whole name must match (Kibana's `wildcard.test`).
 */
export function wildcardNameMatcher(parts: readonly string[]): (name: string) => boolean {
  const source = parts.map(escapeRegExp).join("[\\s\\S]*");
  const regexp = new RegExp(`^${source}$`);
  return (name) => regexp.test(name);
}
