import { escapeRegExp } from "../escape.js";

/**
 * Lucene pattern syntax as Elasticsearch reads it in `wildcard` queries and `query_string` terms:
 * `*` any run, `?` one character, `\\x` the character x.
 */

/** One character of a pattern, and whether a backslash made it literal. */
interface PatternChar {
  readonly ch: string;
  readonly escaped: boolean;
}

function scan(text: string): PatternChar[] {
  const chars: PatternChar[] = [];
  const points = Array.from(text);
  for (let i = 0; i < points.length; i++) {
    const ch = points[i] ?? "";
    if (ch === "\\" && i + 1 < points.length) {
      chars.push({ ch: points[++i] ?? "", escaped: true });
    } else {
      chars.push({ ch, escaped: false });
    }
  }
  return chars;
}

function toRegExp(chars: readonly PatternChar[], caseInsensitive: boolean): RegExp {
  const source = chars
    .map(({ ch, escaped }) => {
      if (!escaped && ch === "*") return "[^]*";
      if (!escaped && ch === "?") return "[^]";
      return escapeRegExp(ch);
    })
    .join("");
  return new RegExp(`^${source}$`, caseInsensitive ? "ui" : "u");
}

/** The `wildcard` query: the pattern against each whole value. */
export function wildcardMatcher(pattern: string, caseInsensitive: boolean): (value: string) => boolean {
  const regexp = toRegExp(scan(pattern), caseInsensitive);
  return (value) => regexp.test(value);
}

/** One clause of a `query_string` query after the whitespace split (spec 6.4). */
export type QueryStringClause =
  | { readonly kind: "exists" }
  | { readonly kind: "wildcard"; readonly matches: (value: string) => boolean }
  | { readonly kind: "plain"; readonly text: string };

/** Whitespace for Lucene's classic query parser. */
const LUCENE_SPACE = new Set([" ", "\t", "\n", "\r", "\u3000"]);
/** Unescaped, these are query syntax this interpreter does not model (Kibana always escapes them). */
const SYNTAX_CHARS = new Set([
  "+",
  "-",
  "=",
  "&",
  "|",
  ">",
  "<",
  "!",
  "(",
  ")",
  "{",
  "}",
  "[",
  "]",
  "^",
  '"',
  "~",
  ":",
  "/",
]);
const OPERATOR_WORDS = new Set(["AND", "OR", "NOT"]);

/**
 * Splits a `query_string` query into clauses (default operator OR): a chunk with an unescaped wildcard
 * is a pattern, a lone `*` an exists test, and runs of other chunks one plain text clause. Returns a
 * reason string for syntax outside that subset.
 */
export function queryStringClauses(query: string): QueryStringClause[] | string {
  const chunks: PatternChar[][] = [[]];
  for (const char of scan(query)) {
    if (!char.escaped && LUCENE_SPACE.has(char.ch)) chunks.push([]);
    else chunks.at(-1)?.push(char);
  }
  const clauses: QueryStringClause[] = [];
  let plain: string[] = [];
  const flushPlain = () => {
    if (plain.length > 0) clauses.push({ kind: "plain", text: plain.join(" ") });
    plain = [];
  };
  for (const chunk of chunks.filter((c) => c.length > 0)) {
    const raw = chunk.map(({ ch }) => ch).join("");
    if (chunk.every(({ escaped }) => !escaped) && OPERATOR_WORDS.has(raw)) return `operator word ${raw}`;
    const syntax = chunk.find(({ ch, escaped }) => !escaped && SYNTAX_CHARS.has(ch));
    if (syntax) return `unescaped ${syntax.ch}`;
    if (chunk.length === 1 && chunk[0]?.ch === "*" && !chunk[0].escaped) {
      flushPlain();
      clauses.push({ kind: "exists" });
    } else if (chunk.some(({ ch, escaped }) => !escaped && (ch === "*" || ch === "?"))) {
      flushPlain();
      const regexp = toRegExp(chunk, false);
      clauses.push({ kind: "wildcard", matches: (value) => regexp.test(value) });
    } else {
      plain.push(raw);
    }
  }
  flushPlain();
  return clauses;
}
