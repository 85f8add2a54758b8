/**
 * How Elasticsearch's `query_string` reads a KQL wildcard value (spec §6.4): whitespace is not escaped,
 * so the pattern splits at whitespace into chunks joined by OR. A chunk that is exactly `*` is an exists
 * clause; a chunk with a `*` is a wildcard term; adjacent chunks without `*` form one plain clause.
 */
export type QueryStringClause =
  | { readonly kind: "exists" }
  | { readonly kind: "wildcard"; readonly parts: readonly string[] }
  | { readonly kind: "plain"; readonly text: string };

/** Lucene query-parser whitespace. */
const WHITESPACE = /[ \t\n\r\u3000]/;

/** Splits a pattern (literal segments between `*`) into chunks, each again a segment list. */
export function splitAtWhitespace(parts: readonly string[]): string[][] {
  const chunks: string[][] = [];
  let current: string[] | undefined;
  parts.forEach((part, k) => {
    if (k > 0) {
      current ??= [""];
      current.push("");
    }
    part.split(WHITESPACE).forEach((piece, i) => {
      if (i > 0 && current) {
        chunks.push(current);
        current = undefined;
      }
      if (piece !== "") {
        current ??= [""];
        current[current.length - 1] += piece;
      }
    });
  });
  if (current) chunks.push(current);
  return chunks;
}

export function queryStringClauses(parts: readonly string[]): QueryStringClause[] {
  const clauses: QueryStringClause[] = [];
  let plain: string[] = [];
  const flushPlain = () => {
    if (plain.length > 0) clauses.push({ kind: "plain", text: plain.join(" ") });
    plain = [];
  };
  for (const chunk of splitAtWhitespace(parts)) {
    if (chunk.length === 1) {
      plain.push(chunk[0] ?? "");
      continue;
    }
    flushPlain();
    const isLoneStar = chunk.length === 2 && chunk[0] === "" && chunk[1] === "";
    clauses.push(isLoneStar ? { kind: "exists" } : { kind: "wildcard", parts: chunk });
  }
  flushPlain();
  return clauses;
}
