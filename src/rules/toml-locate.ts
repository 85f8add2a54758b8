/**
 * Finds the line of a key in TOML text. smol-toml returns plain objects without positions, so error
 * messages about a key (wrong type, bad value) find its line by scanning the text: table headers set
 * the current path, `key = …` lines extend it. Triple-quoted strings are skipped so that text such as a
 * `note` containing "query =" is never taken for a key. Good enough for messages; never used for meaning.
 */

export interface KeyPosition {
  /** 1-based line of the key (or of its table header when the key itself is absent). */
  readonly line: number;
  /** 1-based column where the value starts, for keys that were found. */
  readonly valueColumn?: number;
  /** The raw text after `=` on the key's line. */
  readonly valueText?: string;
}

const HEADER = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$/;
const KEY_LINE =
  /^(\s*)((?:"[^"]*"|'[^']*'|[A-Za-z0-9_$-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_$-]+))*)\s*=\s*/;

function normalisePath(path: string): string {
  return path
    .split(/\s*\.\s*(?=(?:[^"']*["'][^"']*["'])*[^"']*$)/)
    .map((part) => part.trim().replace(/^["']|["']$/g, ""))
    .join(".");
}

function countDelimiters(line: string, delimiter: string): number {
  return line.split(delimiter).length - 1;
}

/** The position of `dottedKey` (e.g. `rule.threshold.value`), or of its nearest existing table. */
export function locateKey(text: string, dottedKey: string): KeyPosition | undefined {
  const lines = text.split(/\r?\n/);
  let table = "";
  let openDelimiter: string | undefined;
  const tableLines = new Map<string, number>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (openDelimiter) {
      if (countDelimiters(line, openDelimiter) % 2 === 1) openDelimiter = undefined;
      continue;
    }
    const header = HEADER.exec(line);
    if (header?.[1]) {
      table = normalisePath(header[1]);
      if (!tableLines.has(table)) tableLines.set(table, i + 1);
      continue;
    }
    const key = KEY_LINE.exec(line);
    if (key?.[2]) {
      const full = table ? `${table}.${normalisePath(key[2])}` : normalisePath(key[2]);
      const rest = line.slice(key[0].length);
      if (full === dottedKey) return { line: i + 1, valueColumn: key[0].length + 1, valueText: rest };
      for (const delimiter of ['"""', "'''"]) {
        if (countDelimiters(rest, delimiter) % 2 === 1) openDelimiter = delimiter;
      }
    }
  }
  // The key is absent: point at the closest table that exists (`rule` for a missing `rule.name`).
  const parts = dottedKey.split(".");
  while (parts.length > 1) {
    parts.pop();
    const line = tableLines.get(parts.join("."));
    if (line !== undefined) return { line };
  }
  return undefined;
}
