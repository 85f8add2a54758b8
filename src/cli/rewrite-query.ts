/**
 * Replaces the `query` of a detection-rules TOML file in place, leaving every other byte as it was:
 * `kuery fmt --write` must produce a diff that touches the query and nothing else.
 */
import { parse as parseToml } from "smol-toml";

interface StringSpan {
  /** Offset of the opening delimiter. */
  start: number;
  /** Offset just past the closing delimiter. */
  end: number;
  delimiter: "'''" | '"""' | "'" | '"';
}

const RULE_TABLE = /^[ \t]*\[rule\][ \t]*(?:#.*)?$/m;
const NEXT_TABLE = /^[ \t]*\[/m;
const QUERY_KEY = /^[ \t]*query[ \t]*=[ \t]*/m;

function findQueryString(source: string): StringSpan | undefined {
  const table = RULE_TABLE.exec(source);
  if (!table) return undefined;
  const bodyStart = table.index + table[0].length;
  const next = NEXT_TABLE.exec(source.slice(bodyStart));
  const body = source.slice(bodyStart, next ? bodyStart + next.index : source.length);
  const key = QUERY_KEY.exec(body);
  if (!key) return undefined;
  const start = bodyStart + key.index + key[0].length;
  for (const delimiter of ["'''", '"""', "'", '"'] as const) {
    if (!source.startsWith(delimiter, start)) continue;
    const end = closingOf(source, start + delimiter.length, delimiter);
    return end < 0 ? undefined : { start, end, delimiter };
  }
  return undefined;
}

function closingOf(source: string, from: number, delimiter: StringSpan["delimiter"]): number {
  const escapes = delimiter.startsWith('"');
  for (let i = from; i < source.length; i++) {
    if (escapes && source[i] === "\\") {
      i += 1;
      continue;
    }
    if (source.startsWith(delimiter, i)) {
      // TOML lets a multi-line string end with up to two extra quotes that belong to the content.
      let end = i + delimiter.length;
      while (delimiter.length === 3 && source[end] === delimiter[0] && end - i < 5) end += 1;
      return end;
    }
  }
  return -1;
}

function encodeBasic(text: string, multiline: boolean): string {
  const escaped = text.replace(/[\\"\u0000-\u001f\u007f]/g, (char) => {
    if (char === "\n" && multiline) return "\n";
    const named: Record<string, string> = { "\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r" };
    return named[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
  return multiline ? `"""${escaped}"""` : `"${escaped}"`;
}

/** Encodes `text` as a TOML string, in the original style when that style can hold it. */
function encode(text: string, span: StringSpan, original: string): string {
  if (span.delimiter === "'''" && !text.includes("'''") && !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text)) {
    const leadingNewline = original.startsWith("'''\n") || original.startsWith("'''\r\n") ? "\n" : "";
    return `'''${leadingNewline}${text}'''`;
  }
  if (span.delimiter === "'" && !/['\n\r\u0000-\u0008\u000b-\u001f\u007f]/.test(text)) return `'${text}'`;
  const multiline = span.delimiter.length === 3 || text.includes("\n");
  if (multiline && (original.startsWith('"""\n') || original.startsWith('"""\r\n'))) {
    return `"""\n${encodeBasic(text, true).slice(3)}`;
  }
  return encodeBasic(text, multiline);
}

function withoutQuery(document: Record<string, unknown>): unknown {
  const rule = { ...(document.rule as Record<string, unknown>) };
  delete rule.query;
  return { ...document, rule };
}

/**
 * Rewrites the rule's query with `rewrite` (given the current query). Returns the new file text, or the
 * same text when nothing changes. Leading and trailing whitespace of the stored query is kept, so the
 * `'''` layout of detection-rules files survives. Throws when the file has no `[rule] query` string or the
 * result would not read back identically.
 */
export function rewriteRuleQuery(source: string, rewrite: (query: string) => string): string {
  const document = parseToml(source) as Record<string, unknown>;
  const query = (document.rule as Record<string, unknown> | undefined)?.query;
  if (typeof query !== "string") throw new Error("no string key 'query' in the [rule] table");
  const span = findQueryString(source);
  if (!span) throw new Error("could not locate the 'query' string of the [rule] table in the file text");
  const leading = /^\s*/.exec(query)?.[0] ?? "";
  const trailing = /\s*$/.exec(query)?.[0] ?? "";
  const replacement = leading + rewrite(query) + trailing;
  if (replacement === query) return source;
  const original = source.slice(span.start, span.end);
  const updated = source.slice(0, span.start) + encode(replacement, span, original) + source.slice(span.end);
  const check = parseToml(updated) as Record<string, unknown>;
  const same =
    (check.rule as Record<string, unknown>).query === replacement &&
    JSON.stringify(withoutQuery(check)) === JSON.stringify(withoutQuery(document));
  if (!same) throw new Error("rewriting the query would change other keys of the file; left unchanged");
  return updated;
}
