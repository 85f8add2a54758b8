/**
 * Elasticsearch's `wildcard` query syntax (Lucene WildcardQuery): `*` matches any run of characters,
 * `?` exactly one, a backslash makes the next character literal. The pattern covers the whole value.
 * `case_insensitive` folds case on both sides.
 *
 * Patterns come from rule files, values from events: one regular expression for the whole pattern would
 * backtrack exponentially on `*a*a*…*b`. Instead the pattern is cut at its `*`s into fixed-length
 * segments, each a small expression without repetition, placed leftmost one after the other — the same
 * greedy scheme as src/eval/wildcard.ts, correct because every segment has a fixed length in code
 * points. The cost is at most the value's length times the pattern's.
 */

export function compileEsWildcard(pattern: string, caseInsensitive: boolean): (value: string) => boolean {
  const segments = segmentSources(pattern);
  // `u`: `?` is one code point, as Lucene's automaton works on code points.
  const flags = caseInsensitive ? "iu" : "u";
  if (segments.length === 1) {
    const whole = new RegExp(`^(?:${segments[0]})$`, flags);
    return (value) => whole.test(value);
  }
  const first = new RegExp(segments[0] as string, `${flags}y`);
  const middle = segments
    .slice(1, -1)
    .filter((source) => source !== "")
    .map((source) => new RegExp(source, `${flags}g`));
  const last = new RegExp(`(?:${segments[segments.length - 1]})$`, `${flags}g`);
  return (value) => {
    first.lastIndex = 0;
    if (!first.test(value)) return false;
    let pos = first.lastIndex;
    for (const segment of middle) {
      segment.lastIndex = pos;
      const found = segment.exec(value);
      if (!found) return false;
      pos = found.index + found[0].length;
    }
    last.lastIndex = pos;
    return last.test(value);
  };
}

/** The regular-expression source of each segment between unescaped `*`s. */
function segmentSources(pattern: string): string[] {
  const segments: string[] = [];
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === "\\") {
      // A trailing lone backslash is a literal backslash.
      const next = pattern[i + 1];
      source += escapeRegExp(next ?? "\\");
      i++;
    } else if (c === "*") {
      segments.push(source);
      source = "";
    } else if (c === "?") {
      source += "[\\s\\S]";
    } else {
      source += escapeRegExp(c);
    }
  }
  segments.push(source);
  return segments;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}
