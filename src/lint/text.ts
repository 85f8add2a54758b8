import type { SourceRange, Term } from "../parser/ast.js";
import { format } from "../parser/format.js";

const NO_RANGE: SourceRange = Object.freeze({ start: 0, end: 0 });

/** A term written as KQL source (escaped as needed), through the parser's own formatter. */
export function writeTerm(term: Term): string {
  return format({ type: "freeText", value: term, range: NO_RANGE });
}

/** `text` as a quoted KQL value. */
export function writeQuoted(text: string): string {
  return writeTerm({ kind: "literal", value: text, quoted: true, range: NO_RANGE });
}

/** A wildcard pattern (literal segments between `*`) as an unquoted KQL value. */
export function writePattern(parts: readonly string[]): string {
  return writeTerm(
    parts.length === 1
      ? { kind: "literal", value: parts[0] ?? "", quoted: false, range: NO_RANGE }
      : { kind: "wildcard", parts, range: NO_RANGE },
  );
}

/** Levenshtein distance, giving up (returning `limit + 1`) once it must exceed `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length] as number;
}

/** Number of leading dotted segments two names share (`process.parent.name` / `process.name` → 1). */
export function sharedSegments(a: string, b: string): number {
  const x = a.split(".");
  const y = b.split(".");
  let n = 0;
  while (n < x.length - 1 && n < y.length - 1 && x[n] === y[n]) n++;
  return n;
}

/**
 * The closest candidates to `name` by edit distance (ignoring case; a pure case difference counts half), preferring
 * names that share the most leading segments. Empty when nothing is close enough.
 */
export function closest(name: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = Math.max(1, Math.min(4, Math.floor(name.length / 4)));
  const lower = name.toLowerCase();
  const scored: { name: string; score: number; shared: number }[] = [];
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const d = editDistance(lower, candidate.toLowerCase(), limit);
    if (d > limit) continue;
    // A pure case difference still ranks behind nothing but is never a zero-distance match.
    scored.push({ name: candidate, score: d === 0 ? 0.5 : d, shared: sharedSegments(name, candidate) });
  }
  scored.sort((a, b) => a.score - b.score || b.shared - a.shared || a.name.localeCompare(b.name));
  return scored.slice(0, max).map((s) => s.name);
}

/** Offsets (into `raw`) of the backslash of each `\t`, `\n`, `\r` escape in a written term. */
export function controlEscapes(raw: string): number[] {
  const hits: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== "\\") continue;
    const next = raw[i + 1];
    if (next === "t" || next === "n" || next === "r") hits.push(i);
    i++;
  }
  return hits;
}

/** Lucene whitespace, where `query_string` splits a wildcard value (spec §6.4). */
export const QUERY_STRING_WHITESPACE = /[ \t\n\r\u3000]/;
